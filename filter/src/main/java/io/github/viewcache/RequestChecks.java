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
     * {@code key-headers} lists it.
     */
    static final List<String> UNKEYED_HEADERS = Collections.unmodifiableList(Arrays.asList(
            "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-Port",
            "X-Forwarded-Prefix", "Forwarded", "X-Host", "X-Original-URL", "X-Rewrite-URL",
            "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"));

    private RequestChecks() {
    }

    /** Why {@code request} bypasses the cache, or {@code null} when it may use it. */
    static String bypassReason(HttpServletRequest request, FilterSettings settings) {
        for (String header : UNKEYED_HEADERS) {
            if (request.getHeader(header) != null && !settings.keyHeaders.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                return header.toLowerCase(java.util.Locale.ROOT);
            }
        }
        if (hasBody(request)) {
            return "request-body";
        }
        return null;
    }

    /** A GET with a body: what the body means to the application is not in the key. */
    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
