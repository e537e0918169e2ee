package io.github.viewcache;

/** {@code store=none}: keeps nothing, for switching caching off without removing the filter. */
final class NoStore implements Store {

    @Override
    public byte[] get(String page, String variant) {
        return null;
    }

    @Override
    public void put(String index, String page, String variant, byte[] value, long ttlMillis, int maxVariants) {
    }

    @Override
    public void evict(String index, String page) {
    }

    @Override
    public void clear(String index) {
    }

    @Override
    public void close() {
    }
}
