package io.github.viewcache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code store=none}: keeps nothing, for switching caching off without removing the filter.
 * Reads miss, writes are dropped, and {@code increment} counts from zero each time.
 */
final class NoStore implements Store {

    @Override
    public List<byte[]> get(String page, List<String> variants) {
        return Arrays.asList(new byte[variants.size()][]);
    }

    @Override
    public List<Map<String, byte[]>> getAll(List<String> pages) {
        List<Map<String, byte[]>> none = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            none.add(Collections.<String, byte[]>emptyMap());
        }
        return none;
    }

    @Override
    public boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                       long ttlMillis, int maxVariants, String expectedGeneration, PageTags tags) {
        return false;
    }

    @Override
    public boolean[] replace(String index, List<Replacement> replacements, long ttlMillis, boolean onlyIfAbsent) {
        return new boolean[replacements.size()];
    }

    @Override
    public long increment(String index, String page, String variant, long delta, long ttlMillis) {
        return delta;
    }

    @Override
    public void deleteVariant(String page, String variant) {
    }

    @Override
    public void delete(String index, Collection<String> pages) {
    }

    @Override
    public void evict(String index, Collection<String> pages) {
    }

    @Override
    public List<String> evictTagged(String index, Collection<String> tagIndexes) {
        return Collections.emptyList();
    }

    @Override
    public void clear(String index, String pagePrefix) {
    }

    @Override
    public void close() {
    }
}
