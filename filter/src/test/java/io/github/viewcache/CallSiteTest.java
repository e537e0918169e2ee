package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which frame a refusal log line names as the caller. */
class CallSiteTest {

    static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    @Test
    void theFirstFrameOutsideViewCacheTheServletApiAndTheContainer() {
        assertEquals("com.example.CartController.view", CallSite.of(new StackTraceElement[] {
            frame(TrackingRequest.class.getName(), "getSession"),
            frame("jakarta.servlet.ServletRequestWrapper", "getSession"),
            frame("org.apache.catalina.core.ApplicationHttpRequest", "getSession"),
            frame("com.example.CartController", "view"),
            frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter"),
        }));
    }

    @Test
    void aFrameworksCallIsTracedOnToTheApplicationCodeThatLedToIt() {
        assertEquals("org.springframework.web.context.request.ServletRequestAttributes.getSession, called by"
                + " com.example.ContactController.form", CallSite.of(new StackTraceElement[] {
                    frame(TrackingRequest.class.getName(), "getSession"),
                    frame("org.springframework.web.context.request.ServletRequestAttributes", "getSession"),
                    frame("org.springframework.web.context.request.ServletRequestAttributes", "setAttribute"),
                    frame("com.example.ContactController", "form"),
                    frame("org.springframework.web.servlet.DispatcherServlet", "doService"),
                }));
    }

    @Test
    void aFrameworksOwnCallWithNoApplicationCodeAboveItNamesTheFramework() {
        assertEquals("org.springframework.web.servlet.support.SessionFlashMapManager.retrieveFlashMaps",
                CallSite.of(new StackTraceElement[] {
                    frame(TrackingRequest.class.getName(), "getSession"),
                    frame("org.springframework.web.servlet.support.SessionFlashMapManager", "retrieveFlashMaps"),
                    frame("org.springframework.web.servlet.DispatcherServlet", "doService"),
                    frame(ResponseCachingFilter.class.getName(), "doFilter"),
                    frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter"),
                }));
    }
}
