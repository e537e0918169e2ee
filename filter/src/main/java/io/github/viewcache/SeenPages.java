package io.github.viewcache;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages this server has lately found or put an entry in: a guess at whether a lookup will
 * hit. A page it has not seen is looked up together with its render lock, so that a miss costs
 * one round trip before it renders instead of two; a page it has seen is read with a plain
 * HMGET, which is cheaper for Redis than a script. A wrong guess costs a round trip or a script
 * call, never a wrong answer: the lock is taken only where the page holds no entry.
 */
final class SeenPages {

    /** Past this many pages it starts over rather than track which to drop: a guess may be lost. */
    private static final int CAPACITY = 10_000;

    private final ConcurrentHashMap<String, Boolean> pages = new ConcurrentHashMap<>();

    boolean contains(String page) {
        return pages.containsKey(page);
    }

    void seen(String page) {
        // Looked at first: most calls come from hits on pages already here, and a read is cheaper.
        if (!pages.containsKey(page) && pages.put(page, Boolean.TRUE) == null && pages.size() > CAPACITY) {
            pages.clear();
        }
    }

    void forget(String page) {
        pages.remove(page);
    }

    void clear() {
        pages.clear();
    }
}
