package io.github.viewcache.install;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.github.viewcache.ResponseCachingFilter;
import jakarta.servlet.DispatcherType;

/** The Spring Boot registration of docs/install.md, word for word. */
@Configuration
public class CacheBootConfiguration {
    @Bean
    public FilterRegistrationBean<ResponseCachingFilter> viewCache() {
        FilterRegistrationBean<ResponseCachingFilter> registration =
                new FilterRegistrationBean<>(new ResponseCachingFilter());
        registration.setName("viewcache");
        registration.addUrlPatterns("/*");
        registration.addInitParameter("timeout", "300");
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
