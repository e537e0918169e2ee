package io.github.viewcache;

import java.util.Map;

/**
 * What one {@link ResponseCachingFilter} has done since it started, exposed over JMX as
 * {@code io.github.viewcache:type=ResponseCachingFilter,context=<context path>,name=<filter name>}.
 */
public interface ViewCacheStatsMBean {

    /** Requests answered from the cache. */
    long getHits();

    /** Requests looked up, not found, and rendered. */
    long getMisses();

    /** Requests that did not use the cache, all reasons together. */
    long getBypasses();

    /** Requests that did not use the cache, by {@code Cache-Status} detail. */
    Map<String, Long> getBypassesByReason();

    /**
     * Rendered pages not stored, by {@code Cache-Status} detail ({@code personalized-session},
     * {@code new-session}, {@code set-cookie}, {@code status}, ...): the reasons a page is never
     * cached.
     */
    Map<String, Long> getNotStoredByReason();

    /** Rendered pages stored. */
    long getStores();

    /**
     * Rendered pages not stored because a write evicted the page while it was rendering (the
     * render may predate the write). Their answer had already gone out marked {@code stored}.
     */
    long getStoresRefused();

    /** Pages evicted (by writes, by rules, through the API). */
    long getEvictions();

    /** Requests that waited for another render of the same page instead of rendering. */
    long getLockWaits();

    /** Redis calls that failed (timeouts, refused connections, errors). */
    long getRedisErrors();

    /** Redis calls skipped because the circuit breaker was open. */
    long getRedisCallsSkipped();
}
