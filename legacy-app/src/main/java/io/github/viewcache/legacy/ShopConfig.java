package io.github.viewcache.legacy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.ViewResolverRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC as a legacy app sets it up: {@code @EnableWebMvc}, JSP views under
 * {@code /WEB-INF/jsp}, and DispatcherServlet's defaults left alone (session flash maps,
 * request-handled events).
 */
@Configuration
@EnableWebMvc
public class ShopConfig implements WebMvcConfigurer {

    @Bean
    public ShopController shopController() {
        return new ShopController();
    }

    @Override
    public void configureViewResolvers(ViewResolverRegistry registry) {
        registry.jsp("/WEB-INF/jsp/", ".jsp");
    }
}
