package io.github.viewcache;

/**
 * Where entries live. A page is one key holding a value per variant; every call is one round
 * trip at most. Implementations are thread-safe.
 */
interface Store extends AutoCloseable {

    /** The stored value, or {@code null}. */
    byte[] get(String page, String variant) throws StoreException;

    /**
     * Stores {@code value}, keeping at most {@code maxVariants} variants of the page and
     * recording the page in {@code index} so that {@link #clear} finds it.
     *
     * @param ttlMillis how long the page may stay, 0 for no expiry
     */
    void put(String index, String page, String variant, byte[] value, long ttlMillis, int maxVariants)
            throws StoreException;

    /** Removes every variant of the page. */
    void evict(String index, String page) throws StoreException;

    /** Removes every page recorded in {@code index}, and nothing else. */
    void clear(String index) throws StoreException;

    @Override
    void close();
}
