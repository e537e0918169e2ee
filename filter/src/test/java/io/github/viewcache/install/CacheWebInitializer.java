package io.github.viewcache.install;

import java.util.EnumSet;

import org.springframework.web.WebApplicationInitializer;

import io.github.viewcache.ResponseCachingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

/** The WebApplicationInitializer of docs/install.md, word for word. */
public class CacheWebInitializer implements WebApplicationInitializer {
    @Override
    public void onStartup(ServletContext context) {
        FilterRegistration.Dynamic viewcache = context.addFilter("viewcache", ResponseCachingFilter.class);
        viewcache.setAsyncSupported(true);
        viewcache.setInitParameter("timeout", "300");
        viewcache.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC),
                false, "/*"); // before the DispatcherServlet and the filters web.xml declares
    }
}
