package io.github.viewcache;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Requests the cache must neither answer nor fill, each rule a named check whose name is the
 * {@code Cache-Status} detail.
 */
final class RequestChecks {

    /**
     * Headers that change what many applications render (absolute links, redirects, routing)
     * but are not in the key: a cached page built from an attacker's value would be served to
     * everyone (web cache poisoning). A request carrying one bypasses the cache unless
     * {@code key-headers} lists it. Lower case, as {@code key-headers} is held.
     */
    private static final List<String> UNKEYED = Collections.unmodifiableList(Arrays.asList(
            "x-forwarded-host", "x-forwarded-proto", "x-forwarded-scheme", "x-forwarded-port",
            "x-forwarded-prefix", "forwarded", "x-host", "x-original-url", "x-rewrite-url",
            "x-http-method-override", "x-http-method", "x-method-override"));

    private RequestChecks() {
    }

    /** Why {@code request} bypasses the cache, or {@code null} when it may use it. */
    static String bypassReason(HttpServletRequest request, FilterSettings settings) {
        // Asked by name, a dozen times: containers index or scan their few headers cheaply,
        // while getHeaderNames() builds a new set of names on every call (Jetty 12), which cost
        // twice as much in a measurement of both.
        for (int i = 0; i < UNKEYED.size(); i++) {
            String header = UNKEYED.get(i);
            if (request.getHeader(header) != null && !settings.keyHeaders.contains(header)) {
                return header;
            }
        }
        // A GET with a body: what the body means to the application is not in the key.
        if (request.getHeader("Transfer-Encoding") != null || request.getContentLengthLong() > 0) {
            return "request-body";
        }
        return null;
    }
}
