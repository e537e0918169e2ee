package io.github.viewcache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The evictions of the last {@link #KEEP_MILLIS}, to apply again after a fail-over. Redis
 * replicates asynchronously: a master that acknowledged an eviction may die before its replica
 * received it, and the replica promoted in its place still holds the page. Applying the recent
 * evictions again once the new master answers removes such a page before it can be read for
 * long, and fences renders that read the old data. Bounded in age and number.
 */
final class RecentEvictions {

    /** Longer than any replication lag a healthy Redis shows, by far. */
    static final long KEEP_MILLIS = 30_000;
    static final int MAX_ENTRIES = 10_000;

    private static final class Entry {
        final long atMillis;
        final String index;
        final List<String> keys;
        final boolean tagIndexes;

        Entry(long atMillis, String index, List<String> keys, boolean tagIndexes) {
            this.atMillis = atMillis;
            this.index = index;
            this.keys = keys;
            this.tagIndexes = tagIndexes;
        }
    }

    private final Clock clock;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    RecentEvictions(Clock clock) {
        this.clock = clock;
    }

    synchronized void pages(String index, Collection<String> pages) {
        add(new Entry(clock.millis(), index, new ArrayList<>(pages), false));
    }

    synchronized void tagIndexes(String index, Collection<String> tagIndexes) {
        add(new Entry(clock.millis(), index, new ArrayList<>(tagIndexes), true));
    }

    private void add(Entry entry) {
        entries.addLast(entry);
        long oldest = entry.atMillis - KEEP_MILLIS;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.atMillis >= oldest && entries.size() <= MAX_ENTRIES) {
                break;
            }
            it.remove();
        }
    }

    /** Hands over every eviction kept, page evictions and tag evictions apart. */
    synchronized void replay(BiConsumer<String, List<String>> pages, BiConsumer<String, List<String>> tagIndexes) {
        long oldest = clock.millis() - KEEP_MILLIS;
        for (Entry e : entries) {
            if (e.atMillis >= oldest) {
                (e.tagIndexes ? tagIndexes : pages).accept(e.index, e.keys);
            }
        }
    }
}
