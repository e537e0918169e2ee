package io.github.viewcache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers a hit from a stored entry: the same status, headers and bytes, in the coding the
 * client accepts, or 304 to a matching conditional request, or 206 for a single byte range;
 * for HEAD the same headers without the body. Adds {@code Age} and {@code Content-Length}.
 */
final class CachedResponseWriter {

    /** The header fields a 304 carries (RFC 9110 section 15.4.5). */
    private static final Set<String> NOT_MODIFIED_FIELDS = new HashSet<>(Arrays.asList(
            "cache-control", "content-location", "etag", "expires", "vary"));

    private CachedResponseWriter() {
    }

    static void write(CachedResponse entry, HttpServletRequest request, HttpServletResponse response, long nowMillis)
            throws IOException {
        boolean head = request.getMethod().equals("HEAD");
        String etag = entry.etag;
        ByteRange range = entry.status == HttpServletResponse.SC_OK && !head && ifRangeHolds(entry, request, etag)
                ? ByteRange.parse(request.getHeader("Range"), entry.identityLength) : null;
        // Ranges are of the identity body, so a range answer is never gzip.
        boolean gzip = range == null && entry.gzippedByCache && ContentCoding.acceptsGzip(request);
        String servedEtag = etag != null && gzip && !ETags.isWeak(etag) ? ETags.forGzip(etag) : etag;
        response.setHeader("Age", Long.toString(Math.max(0, (nowMillis - entry.storedAtMillis) / 1000)));

        if (notModified(entry, request, etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            for (CachedResponse.Header h : entry.headers) {
                if (NOT_MODIFIED_FIELDS.contains(h.name.toLowerCase(Locale.ROOT))) {
                    response.addHeader(h.name, h.isEtag ? servedEtag : h.value);
                }
            }
            addVaryAcceptEncoding(entry, response);
            return;
        }

        writeHeaders(entry, response, servedEtag);
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        if (entry.status == HttpServletResponse.SC_OK) {
            response.setHeader("Accept-Ranges", "bytes");
        }
        if (range != null) {
            writeRange(entry, response, range);
            return;
        }
        response.setStatus(entry.status);
        if (gzip || !entry.gzippedByCache) {
            response.setContentLength(entry.bodyLength());
            if (!head) {
                entry.writeBodyTo(response.getOutputStream());
            }
        } else {
            response.setContentLength(entry.identityLength);
            if (!head) {
                ContentCoding.gunzip(entry.bodyArray(), entry.bodyOffset(), entry.bodyLength(),
                        response.getOutputStream());
            }
        }
    }

    private static void writeHeaders(CachedResponse entry, HttpServletResponse response, String servedEtag) {
        boolean[] first = entry.firstOfItsName();
        for (int i = 0; i < entry.headers.size(); i++) {
            CachedResponse.Header h = entry.headers.get(i);
            String value = h.isEtag ? servedEtag : h.value;
            if (h.name.equals(StoredHeaders.CONTENT_TYPE)) {
                response.setContentType(value);
            } else if (first[i]) {
                // The first value replaces whatever an outer filter set, so nothing doubles up.
                response.setHeader(h.name, value);
            } else {
                response.addHeader(h.name, value);
            }
        }
        addVaryAcceptEncoding(entry, response);
    }

    /** An entry the cache compressed is served in two codings, so caches downstream must vary. */
    private static void addVaryAcceptEncoding(CachedResponse entry, HttpServletResponse response) {
        if (!entry.gzippedByCache) {
            return;
        }
        List<String> vary = entry.headerValues("Vary");
        if (vary.isEmpty()) {
            response.setHeader("Vary", "Accept-Encoding");
        } else if (!VaryKey.names(vary).contains("accept-encoding")) {
            response.addHeader("Vary", "Accept-Encoding");
        }
    }

    /** If-None-Match (weak comparison) wins over If-Modified-Since (RFC 9110 section 13.2.2). */
    private static boolean notModified(CachedResponse entry, HttpServletRequest request, String etag) {
        if (entry.status != HttpServletResponse.SC_OK) {
            return false;
        }
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            return etag != null && ETags.noneMatchHits(ifNoneMatch, etag, ETags.forGzip(etag));
        }
        long since = HttpDates.parse(request.getHeader("If-Modified-Since"));
        if (since < 0) {
            return false; // most hits: no date to parse
        }
        long modified = HttpDates.parse(entry.header("Last-Modified"));
        return modified >= 0 && modified <= since;
    }

    /** A Range with an If-Range that no longer matches gets the whole body (RFC 9110 13.1.5). */
    private static boolean ifRangeHolds(CachedResponse entry, HttpServletRequest request, String etag) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"")) {
            return v.equals(etag); // strong comparison
        }
        long date = HttpDates.parse(v);
        return date >= 0 && date == HttpDates.parse(entry.header("Last-Modified"));
    }

    private static void writeRange(CachedResponse entry, HttpServletResponse response, ByteRange range)
            throws IOException {
        if (range == ByteRange.UNSATISFIABLE) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", "bytes */" + entry.identityLength);
            response.setContentLength(0);
            return;
        }
        byte[] body;
        int offset;
        if (entry.gzippedByCache) {
            ByteArrayOutputStream identity = new ByteArrayOutputStream(entry.identityLength);
            ContentCoding.gunzip(entry.bodyArray(), entry.bodyOffset(), entry.bodyLength(), identity);
            body = identity.toByteArray();
            offset = 0;
        } else {
            body = entry.bodyArray();
            offset = entry.bodyOffset();
        }
        response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
        response.setHeader("Content-Range", "bytes " + range.first + "-" + range.last + "/" + entry.identityLength);
        response.setContentLength((int) range.length());
        response.getOutputStream().write(body, offset + (int) range.first, (int) range.length());
    }
}
