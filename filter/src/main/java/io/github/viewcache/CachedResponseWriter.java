package io.github.viewcache;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

/** Sends a stored entry as the response to a hit: the same status, headers and bytes. */
final class CachedResponseWriter {

    private CachedResponseWriter() {
    }

    static void write(CachedResponse entry, HttpServletResponse response, boolean withBody) throws IOException {
        response.setStatus(entry.status);
        Set<String> replaced = new HashSet<>();
        for (CachedResponse.Header h : entry.headers) {
            if (h.name.equals(StoredHeaders.CONTENT_TYPE)) {
                response.setContentType(h.value);
            } else if (replaced.add(h.name.toLowerCase(Locale.ROOT))) {
                // The first value replaces whatever an outer filter set, so nothing doubles up.
                response.setHeader(h.name, h.value);
            } else {
                response.addHeader(h.name, h.value);
            }
        }
        response.setContentLength(entry.bodyLength());
        if (withBody) {
            entry.writeBodyTo(response.getOutputStream());
        }
    }
}
