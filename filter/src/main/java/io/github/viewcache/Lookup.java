package io.github.viewcache;

/**
 * What a page lookup found: an entry (fresh, or past its freshness but still kept for
 * stale-while-revalidate and stale-if-error) or a hit-for-pass marker, and the page's
 * generation as read, to be handed back when storing the page rendered after this miss.
 */
final class Lookup {

    /** The entry, or {@code null}. */
    final CachedResponse entry;
    /** The page's generation when looked up, {@code ""} for none. */
    final String generation;
    /** Answered by this server's near cache, without Redis. */
    final boolean near;
    /** When it was looked up: the time a hit's {@code Age} and ttl are reckoned from. */
    final long nowMillis;
    /** The hit-for-pass marker found instead of an entry, or {@code null}. */
    final PassMarker pass;
    /** Whether the page is kept per class of visitor ({@link Visitors}), as its Vary marker says. */
    final boolean perVisitor;

    Lookup(CachedResponse entry, String generation, long nowMillis) {
        this(entry, generation, nowMillis, false, null, false);
    }

    private Lookup(CachedResponse entry, String generation, long nowMillis, boolean near, PassMarker pass,
                   boolean perVisitor) {
        this.entry = entry;
        this.generation = generation;
        this.nowMillis = nowMillis;
        this.near = near;
        this.pass = pass;
        this.perVisitor = perVisitor;
    }

    /**
     * What the store held for the variant: an entry, a hit-for-pass marker (in force or not:
     * {@link #isPass} says) or neither.
     */
    static Lookup of(CachedResponse entry, PassMarker pass, String generation, long nowMillis, boolean perVisitor) {
        return new Lookup(entry, generation, nowMillis, false, pass, perVisitor);
    }

    /** This lookup as read again from the near cache at {@code now}. */
    Lookup fromNear(long now) {
        return new Lookup(entry, generation, now, true, null, false);
    }

    /** Whether a hit-for-pass marker in force says to render at once, without the lock. */
    boolean isPass() {
        return pass != null && pass.isValidAt(nowMillis);
    }

    boolean isFresh() {
        return entry != null && entry.isFreshAt(nowMillis);
    }

    /** Whether the entry expired no more than {@code windowMillis} ago. */
    boolean isStaleWithin(long windowMillis) {
        return entry != null && !isFresh() && entry.expiresAtMillis + windowMillis > nowMillis;
    }
}
