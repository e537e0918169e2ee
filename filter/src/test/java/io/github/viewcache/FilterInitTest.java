package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

class FilterInitTest {

    private static FilterConfig config(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "books-cache";
            }

            @Override
            public ServletContext getServletContext() {
                throw new AssertionError("init must fail before it touches the context");
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }

    @Test
    void aBadInitParamFailsInitNamingTheFilterTheParamAndTheValue() {
        ServletException e = assertThrows(ServletException.class,
                () -> new ResponseCachingFilter().init(config(Map.of("timeout", "soon"))));
        assertTrue(e.getMessage().contains("[books-cache]"), e.getMessage());
        assertTrue(e.getMessage().contains("[timeout]"), e.getMessage());
        assertTrue(e.getMessage().contains("[soon]"), e.getMessage());
    }
}
