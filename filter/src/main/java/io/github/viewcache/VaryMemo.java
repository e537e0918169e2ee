package io.github.viewcache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, per page variant, the Vary names its responses carry, so a hit on a varying page
 * takes one round trip (HMGET of the plain field, the marker and the varied field) instead of
 * two. Bounded; a stale memory costs at most a second round trip, never a wrong answer,
 * because the marker read in the same HMGET is what decides.
 */
final class VaryMemo {

    private static final int CAPACITY = 10_000;

    private final Map<String, List<String>> names = new LinkedHashMap<String, List<String>>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized List<String> get(String page, String variant) {
        return names.get(page + '\u0000' + variant);
    }

    synchronized void put(String page, String variant, List<String> vary) {
        names.put(page + '\u0000' + variant, vary);
    }
}
