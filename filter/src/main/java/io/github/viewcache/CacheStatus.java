package io.github.viewcache;

/**
 * The RFC 9211 {@code Cache-Status} field: how ViewCache answered, and why it did not store
 * or look up, in the words of the RFC ({@code hit}, {@code fwd=uri-miss}, {@code fwd=bypass},
 * {@code stored}, {@code detail}).
 */
final class CacheStatus {

    static final String HEADER = "Cache-Status";
    private static final String NAME = "ViewCache";

    private static final int NEAR_HIT_SLOTS = 64;
    /**
     * Texts by ttl, a slot per ttl modulo the size. Written without a lock: an entry's fields
     * are final, so a thread that sees the entry sees its ttl and text (JLS 17.5).
     */
    private static final NearHit[] NEAR_HITS = new NearHit[NEAR_HIT_SLOTS];

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
     * The {@code Cache-Status} of a near-cache hit, {@code ttl=} the copy's: made once per ttl
     * and shared by every copy, since copies stored about the same time have the same ttl. A
     * text of its own per copy was 1.4% of the server's time when made per hit, and a hit over
     * a thousand hot pages then read each copy's text (and what held it) from outside the
     * processor's caches; a few shared texts stay in them.
     */
    static String nearHit(long ttlSeconds) {
        int slot = (int) (ttlSeconds & (NEAR_HIT_SLOTS - 1));
        NearHit held = NEAR_HITS[slot];
        if (held == null || held.ttlSeconds != ttlSeconds) {
            // Racing threads may each make it: the same text, and whichever is kept is right.
            held = new NearHit(ttlSeconds, hit(ttlSeconds, "near"));
            NEAR_HITS[slot] = held;
        }
        return held.text;
    }

    private static final class NearHit {
        final long ttlSeconds;
        final String text;

        NearHit(long ttlSeconds, String text) {
            this.ttlSeconds = ttlSeconds;
            this.text = text;
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

    /**
     * An expired entry the application confirmed with 304 (RFC 9211 {@code fwd=stale},
     * {@code fwd-status=304}), stored anew for {@code ttlSeconds}, or not kept ({@code null}).
     */
    static String revalidated(Long ttlSeconds) {
        String status = NAME + "; fwd=stale; fwd-status=304";
        return ttlSeconds == null ? status + "; detail=not-stored" : status + "; stored; ttl=" + ttlSeconds;
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
