package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stored page: status, headers (Content-Type, ETag and Last-Modified included, hop-by-hop
 * ones excluded) and the body, which the cache may hold gzip-compressed. The body is a slice
 * of a larger array so that a decoded hit is served without copying.
 */
final class CachedResponse {

    /** One header line; a header with several values appears once per value, in order. */
    static final class Header {
        final String name;
        final String value;
        /** Worked out once, not per hit: a hit serves its own ETag in this line's place. */
        final boolean isEtag;

        Header(String name, String value) {
            this.name = name;
            this.value = value;
            this.isEtag = isEtag(name);
        }

        static boolean isEtag(String name) {
            return name.equalsIgnoreCase("ETag");
        }
    }

    final int status;
    final List<Header> headers;
    /** The first ETag, or {@code null}: every hit needs it, so it is not looked up per hit. */
    final String etag;
    final long storedAtMillis;
    /** 0 when the entry never expires. */
    final long expiresAtMillis;
    /** The cache compressed the body; the application sent it uncompressed. */
    final boolean gzippedByCache;
    /** The body's length as the application sent it. */
    final int identityLength;
    private final byte[] bodyArray;
    private final int bodyOffset;
    private final int bodyLength;
    private final boolean[] firstOfItsName;
    /** The page's tags ({@code Surrogate-Key}), which the store indexes it under; not sent on a hit. */
    final List<String> tags;

    CachedResponse(int status, List<Header> headers, long storedAtMillis, long expiresAtMillis,
                   boolean gzippedByCache, int identityLength, byte[] bodyArray, int bodyOffset, int bodyLength) {
        this(status, headers, storedAtMillis, expiresAtMillis, gzippedByCache, identityLength, bodyArray, bodyOffset,
                bodyLength, Collections.<String>emptyList());
    }

    CachedResponse(int status, List<Header> headers, long storedAtMillis, long expiresAtMillis,
                   boolean gzippedByCache, int identityLength, byte[] bodyArray, int bodyOffset, int bodyLength,
                   List<String> tags) {
        this.tags = tags.isEmpty() ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new ArrayList<>(tags));
        this.status = status;
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        this.storedAtMillis = storedAtMillis;
        this.expiresAtMillis = expiresAtMillis;
        this.gzippedByCache = gzippedByCache;
        this.identityLength = identityLength;
        this.bodyArray = bodyArray;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.etag = header("ETag");
        this.firstOfItsName = new boolean[this.headers.size()];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < firstOfItsName.length; i++) {
            firstOfItsName[i] = seen.add(this.headers.get(i).name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** This entry, expiring at {@code expiresAtMillis} (0: never) instead. */
    CachedResponse expiringAt(long expiresAtMillis) {
        return new CachedResponse(status, headers, storedAtMillis, expiresAtMillis, gzippedByCache, identityLength,
                bodyArray, bodyOffset, bodyLength, tags);
    }

    /**
     * For each header line, whether it is the first of its name (so a hit sets it, replacing
     * what an outer filter set, and adds the others); worked out once per entry, not per hit.
     */
    boolean[] firstOfItsName() {
        return firstOfItsName;
    }

    boolean isFreshAt(long nowMillis) {
        return expiresAtMillis == 0 || nowMillis < expiresAtMillis;
    }

    /** The first value of a header, by case-insensitive name, or {@code null}. */
    String header(String name) {
        for (Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                return h.value;
            }
        }
        return null;
    }

    /** Every value of a header, by case-insensitive name, in order. */
    List<String> headerValues(String name) {
        List<String> values = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                values.add(h.value);
            }
        }
        return values;
    }

    /** The stored body's length (compressed when {@link #gzippedByCache}). */
    int bodyLength() {
        return bodyLength;
    }

    byte[] bodyArray() {
        return bodyArray;
    }

    int bodyOffset() {
        return bodyOffset;
    }

    void writeBodyTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(bodyArray, bodyOffset, bodyLength);
    }
}
