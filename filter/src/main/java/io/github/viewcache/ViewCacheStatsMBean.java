package io.github.viewcache;

import java.util.Map;

/**
 * What one {@link ResponseCachingFilter} has done since it started, and what an operator can
 * make it do, exposed over JMX as
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

    /**
     * Evicts the page at {@code path} (every variant) from every ViewCache filter of the
     * application, as {@link ViewCache#evict(String)} does: for an operator, with no code.
     *
     * @param path the path within the application, such as {@code /books}, or a subtree such
     *        as {@code /owners/1/**} (that page and every page below it)
     * @return whether every store was reached
     * @throws IllegalArgumentException when {@code path} is not such a path
     */
    boolean evict(String path);

    /**
     * Evicts every page whose {@code Surrogate-Key} named {@code tag}, from every ViewCache
     * filter of the application, as {@link ViewCache#evictTag} does.
     *
     * @return whether every store was reached
     * @throws IllegalArgumentException when {@code tag} is not a tag (empty, or with spaces)
     */
    boolean evictTag(String tag);

    /**
     * Removes every page, value and memoized result the application's ViewCache filters
     * stored, and nothing else, as {@link ViewCache#clear()} does.
     *
     * @return whether every store was reached
     */
    boolean clear();
}
