package io.github.viewcache;

import java.util.List;

/** Builds the entry to store from a captured response that {@link StoreDecision} accepted. */
final class CapturedEntry {

    private CapturedEntry() {
    }

    /**
     * @param dropExpires leave out {@code Expires} ({@link StoreDecision#dropExpires})
     * @param initialAgeMillis how old the response was when the application sent it: the
     *        entry counts as stored that much earlier, so a hit's {@code Age} includes it
     */
    static CachedResponse of(CapturingResponse response, FilterSettings settings, long nowMillis,
                             long lifetimeMillis, boolean dropExpires, long initialAgeMillis) {
        CaptureBuffer body = response.body();
        List<CachedResponse.Header> headers = StoredHeaders.of(response);
        if (dropExpires) {
            headers.removeIf(h -> h.name.equalsIgnoreCase("Expires"));
        }
        // Validators let the cache answer conditional requests with 304: the application's
        // own if it set them, else a strong tag of the bytes (the same on every server).
        if (!has(headers, "ETag")) {
            headers.add(new CachedResponse.Header("ETag", ETags.strongFor(body.array(), 0, body.size())));
        }
        if (!has(headers, "Date")) {
            // The container sends its own Date on the miss; this is when the page was made.
            headers.add(new CachedResponse.Header("Date", HttpDates.format(nowMillis - initialAgeMillis)));
        }
        if (!has(headers, "Last-Modified")) {
            headers.add(new CachedResponse.Header("Last-Modified", HttpDates.format(nowMillis)));
        }
        byte[] stored = body.array();
        int length = body.size();
        boolean gzipped = false;
        if (settings.gzip && length >= settings.gzipMinBytes && !has(headers, "Content-Encoding")
                && ContentCoding.isCompressible(response.getContentType())) {
            byte[] compressed = ContentCoding.gzip(body.array(), 0, length);
            if (compressed.length < length) {
                stored = compressed;
                length = compressed.length;
                gzipped = true;
            }
        }
        long expiresAt = lifetimeMillis == 0 ? 0 : nowMillis + lifetimeMillis;
        return new CachedResponse(response.getStatus(), headers, nowMillis - initialAgeMillis, expiresAt, gzipped,
                body.size(), stored, 0, length, SurrogateKeys.parse(response.surrogateKeyLines()));
    }

    private static boolean has(List<CachedResponse.Header> headers, String name) {
        for (CachedResponse.Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
