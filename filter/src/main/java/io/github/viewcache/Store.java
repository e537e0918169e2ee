package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where entries live. A page (a cached page, a memoized function, a value) is one key holding
 * a value per variant; every method is one round trip at most, and every command touches one
 * key, so a Redis Cluster can serve it. Implementations are thread-safe. {@code index} names
 * the set that lists a namespace's pages for {@link #clear}.
 */
interface Store extends AutoCloseable {

    /**
     * The field holding a page's generation: {@link #evict} raises it and leaves it behind as a
     * tombstone for {@link #TOMBSTONE_MILLIS}, so a render that began before an eviction cannot
     * store its (older) page afterwards.
     */
    String GENERATION = "\u0000gen";

    /** How long an evicted page's generation outlives it: longer than any render takes. */
    long TOMBSTONE_MILLIS = 10 * 60 * 1000L;

    /** The stored value of each variant, in order; {@code null} where there is none. */
    List<byte[]> get(String page, List<String> variants) throws StoreException;

    /**
     * {@link #get} of several pages, in one round trip where the store has round trips: the
     * near cache reads its due copies again this way.
     *
     * @param variants per page, the fields to read
     */
    default List<List<byte[]>> getMany(List<String> pages, List<List<String>> variants) throws StoreException {
        List<List<byte[]>> found = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            found.add(get(pages.get(i), variants.get(i)));
        }
        return found;
    }

    /** Every variant of each page, in order; an empty map for a missing page. */
    List<Map<String, byte[]>> getAll(List<String> pages) throws StoreException;

    /**
     * Adds or replaces variants and removes others, keeping at most {@code maxVariants} in the
     * page (a random other one gives way); the page lives until its longest-lived variant
     * expires.
     *
     * @param ttlMillis how long the page may stay, 0 for no expiry
     * @param expectedGeneration {@code null} to store unconditionally; otherwise store only if
     *        the page's {@link #GENERATION} is still this ({@code ""} for none), as read before
     *        the page was rendered
     * @return whether it was stored
     */
    default boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                        long ttlMillis, int maxVariants, String expectedGeneration) throws StoreException {
        return put(index, page, set, remove, ttlMillis, maxVariants, expectedGeneration, PageTags.NONE);
    }

    /**
     * {@link #put}, listing the page in the indexes of {@code tags} too (for as long as it
     * may live); not kept (and {@code false}) when one of them was evicted by
     * {@link #evictTagged} since the render began, which may have read data from before the
     * write that eviction was for.
     */
    boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove, long ttlMillis,
                int maxVariants, String expectedGeneration, PageTags tags) throws StoreException;

    /** One page's new content for {@link #replace}. */
    final class Replacement {
        final String page;
        final String variant;
        final byte[] value;

        Replacement(String page, String variant, byte[] value) {
            this.page = page;
            this.variant = variant;
            this.value = value;
        }
    }

    /**
     * Makes each page hold exactly its one variant, with a fresh expiry.
     *
     * @param onlyIfAbsent leave pages that exist untouched
     * @return for each replacement, whether it was written
     */
    boolean[] replace(String index, List<Replacement> replacements, long ttlMillis, boolean onlyIfAbsent)
            throws StoreException;

    /**
     * Adds {@code delta} to the integer in {@code variant}, creating it at 0 when the page is
     * absent (without expiry, or with {@code ttlMillis} when it is created).
     *
     * @throws StoreException also when the page holds something other than an integer there
     */
    long increment(String index, String page, String variant, long delta, long ttlMillis) throws StoreException;

    /** Removes one variant of a page. */
    void deleteVariant(String page, String variant) throws StoreException;

    /** Removes each key outright (values, memoized functions). */
    void delete(String index, Collection<String> pages) throws StoreException;

    /** Removes every variant of each page and raises its generation (see {@link #GENERATION}). */
    void evict(String index, Collection<String> pages) throws StoreException;

    /**
     * {@link #evict}, or, where the store is guarded against an outage, its promise: remembered
     * without a call now, and applied before the store is read again.
     */
    default void evictLater(String index, Collection<String> pages) throws StoreException {
        evict(index, pages);
    }

    /**
     * Evicts ({@link #evict}) every page listed in each tag index, empties those indexes, and
     * leaves in each a mark of when, which fences renders under way ({@link PageTags}). Each
     * index is read and emptied in one command, so a page listed meanwhile is either evicted
     * or fenced.
     *
     * @return the pages evicted
     */
    List<String> evictTagged(String index, Collection<String> tagIndexes) throws StoreException;

    /** {@link #evictTagged}, or where the store is guarded against an outage, its promise (see {@link #evictLater}). */
    default void evictTaggedLater(String index, Collection<String> tagIndexes) throws StoreException {
        evictTagged(index, tagIndexes);
    }

    /**
     * Removes every key recorded in {@code index}, and nothing else: those starting with
     * {@code pagePrefix} are evicted (leaving their generation), the others deleted.
     */
    void clear(String index, String pagePrefix) throws StoreException;

    @Override
    void close();
}
