package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pages of one filter declaration: its key prefix and settings over its store. Decoding
 * failures and store faults end here as a miss or a logged failure, never as an exception in
 * a page.
 */
final class PageCache {

    private static final Logger LOG = Logger.getLogger(PageCache.class.getName());

    final String name;
    final FilterSettings settings;
    final CacheKeys keys;
    private final Store store;
    private final Clock clock;
    private final ValueCache values;

    PageCache(String name, FilterSettings settings, Store store, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.keys = new CacheKeys(settings.keyPrefix, settings.queryString);
        this.store = store;
        this.clock = clock;
        this.values = new ValueCache(name, keys, store, clock);
    }

    /** The fresh entry for this page variant, or {@code null} on a miss. */
    CachedResponse lookup(String page, String variant) throws StoreException {
        byte[] value = store.get(page, variant);
        if (value == null) {
            return null;
        }
        CachedResponse entry;
        try {
            entry = EntryCodec.decode(value);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: ignoring unreadable entry " + page
                    + " (" + e.getMessage() + ")");
            return null;
        }
        return entry.isFreshAt(clock.millis()) ? entry : null;
    }

    void store(String page, String variant, CachedResponse entry) throws StoreException {
        store.put(keys.index(), page, variant, EntryCodec.encode(entry), settings.timeoutMillis(),
                settings.maxVariants);
    }

    /** The values and memoized results kept in this filter's namespace and store. */
    ValueCache values() {
        return values;
    }

    long now() {
        return clock.millis();
    }

    long expiryFrom(long nowMillis) {
        return settings.timeoutSeconds == 0 ? 0 : nowMillis + settings.timeoutMillis();
    }

    /**
     * Removes every variant of each page, in one round trip.
     *
     * @return false when the store could not be reached (logged)
     */
    boolean evict(Collection<String> paths) {
        List<String> pages = new ArrayList<>(paths.size());
        for (String path : paths) {
            pages.add(keys.page(path));
        }
        try {
            store.evict(keys.index(), pages);
            return true;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: could not evict " + paths, e);
            return false;
        }
    }

    /** @return false when the store could not be reached (logged) */
    boolean clear() {
        try {
            store.clear(keys.index());
            return true;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: could not clear", e);
            return false;
        }
    }

    void close() {
        store.close();
    }
}
