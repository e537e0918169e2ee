package io.github.viewcache;

import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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
     * {@code key-headers} lists it. Looked up by name whatever its case.
     */
    private static final Set<String> UNKEYED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        UNKEYED.addAll(Arrays.asList(
                "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-Port",
                "X-Forwarded-Prefix", "Forwarded", "X-Host", "X-Original-URL", "X-Rewrite-URL",
                "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"));
    }

    private RequestChecks() {
    }

    /** Why {@code request} bypasses the cache, or {@code null} when it may use it. */
    static String bypassReason(HttpServletRequest request, FilterSettings settings) {
        // One pass over the request's few headers: asking for each of the dozen by name would
        // scan them all a dozen times, on every hit.
        boolean chunked = false;
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (UNKEYED.contains(name)) {
                String header = name.toLowerCase(Locale.ROOT);
                if (!settings.keyHeaders.contains(header)) {
                    return header;
                }
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = true;
            }
        }
        // A GET with a body: what the body means to the application is not in the key.
        if (chunked || request.getContentLengthLong() > 0) {
            return "request-body";
        }
        return null;
    }
}
