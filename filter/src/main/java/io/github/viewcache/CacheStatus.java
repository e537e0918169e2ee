package io.github.viewcache;

/**
 * The RFC 9211 {@code Cache-Status} field: how ViewCache answered, and why it did not store
 * or look up, in the words of the RFC ({@code hit}, {@code fwd=uri-miss}, {@code fwd=bypass},
 * {@code stored}, {@code detail}).
 */
final class CacheStatus {

    static final String HEADER = "Cache-Status";
    private static final String NAME = "ViewCache";

    private CacheStatus() {
    }

    static String hit(long ttlSeconds) {
        return ttlSeconds < 0 ? NAME + "; hit" : NAME + "; hit; ttl=" + ttlSeconds;
    }

    /** A stale entry served: its ttl is how long ago it expired, negative (RFC 9211 2.5). */
    static String stale(long ttlSeconds, String why) {
        return NAME + "; hit; ttl=" + ttlSeconds + "; detail=" + why;
    }

    /** A hit on the entry another request rendered while this one waited. */
    static String collapsed(long ttlSeconds) {
        return hit(ttlSeconds) + "; collapsed";
    }

    static String miss() {
        return NAME + "; fwd=uri-miss";
    }

    static String bypass(String reason) {
        return NAME + "; fwd=bypass; detail=" + reason;
    }

    /**
     * The final word on a forwarded request: {@code stored}, or the reason it was not.
     *
     * @param lookupSkipped why the cache was not consulted first, or {@code null} for a miss
     */
    static String forwarded(String lookupSkipped, String refusal) {
        String fwd = lookupSkipped == null ? NAME + "; fwd=uri-miss" : bypass(lookupSkipped);
        if (refusal == null) {
            return fwd + "; stored";
        }
        return lookupSkipped == null ? fwd + "; detail=" + refusal : fwd;
    }
}
