package io.github.viewcache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

/** Which of a response's headers become part of its entry (RFC 9111 section 3.1). */
final class StoredHeaders {

    static final String CONTENT_TYPE = "Content-Type";

    /**
     * Hop-by-hop fields belong to one connection; Content-Length and Age are recomputed on a
     * hit; Server is the container's to send; X-Cache and Cache-Status are ours and differ per
     * response. Date is kept: a hit says when the page was made, its Age how long ago (RFC 9111 4).
     */
    private static final Set<String> NOT_STORED = new HashSet<>(Arrays.asList(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "content-length", "server", "age", "x-cache", "cache-status", "set-cookie"));

    private StoredHeaders() {
    }

    static List<CachedResponse.Header> of(HttpServletResponse response) {
        Set<String> excluded = new HashSet<>(NOT_STORED);
        // Fields named in Connection are hop-by-hop too.
        for (String connection : response.getHeaders("Connection")) {
            for (String token : connection.split(",")) {
                excluded.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        List<CachedResponse.Header> headers = new ArrayList<>();
        String contentType = response.getContentType();
        if (contentType != null) {
            headers.add(new CachedResponse.Header(CONTENT_TYPE, contentType));
        }
        Set<String> seen = new HashSet<>();
        for (String name : response.getHeaderNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (excluded.contains(lower) || lower.equals("content-type") || !seen.add(lower)) {
                continue;
            }
            Collection<String> values = response.getHeaders(name);
            for (String value : values) {
                headers.add(new CachedResponse.Header(name, value));
            }
        }
        return headers;
    }
}
