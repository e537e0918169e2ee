package io.github.viewcache.install;

import java.util.EnumSet;
import java.util.Set;

import io.github.viewcache.ResponseCachingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

/** The ServletContainerInitializer of docs/install.md, word for word. */
public class CacheInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        FilterRegistration.Dynamic viewcache = context.addFilter("viewcache", ResponseCachingFilter.class);
        viewcache.setAsyncSupported(true);
        viewcache.setInitParameter("timeout", "300");
        viewcache.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC),
                false, "/*"); // false: before the filters web.xml declares
    }
}
