package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;

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
    /** Who carries a session or cookies: the classes anonymous pages are stored for. */
    final Visitors visitors;
    private final Store store;
    private final Clock clock;
    private final ValueCache values;
    private final VaryMemo varyMemo = new VaryMemo();
    private final SeenPages seen = new SeenPages();

    final FilterStats stats;
    /** The first refusal of each page for each reason, logged. */
    final RefusalLog refusals;

    private final NearCache near;

    /** Outside a container, or where its session cookie has the default name. */
    PageCache(String name, FilterSettings settings, Store store, Clock clock, FilterStats stats, NearCache near) {
        this(name, settings, store, clock, stats, near, Visitors.DEFAULT_SESSION_COOKIE);
    }

    /** @param sessionCookie the container's session cookie name for this application */
    PageCache(String name, FilterSettings settings, Store store, Clock clock, FilterStats stats, NearCache near,
              String sessionCookie) {
        this.name = name;
        this.stats = stats;
        this.near = near;
        this.settings = settings;
        this.visitors = new Visitors(sessionCookie, settings.anonymousIgnoredCookies);
        this.refusals = new RefusalLog(name, clock);
        this.keys = new CacheKeys(settings.keyPrefix, settings.queryString, settings.keyHeaders, visitors);
        this.store = store;
        this.clock = clock;
        this.values = new ValueCache(name, keys, store, clock);
        near.refreshWith(this::refreshNear);
    }

    /**
     * The entry for this page variant (and, if its responses vary, for this request's values
     * of those headers) with the page's generation. One round trip, two the first time this
     * JVM meets a varying page; none when the near cache has it.
     */
    Lookup lookup(String page, String variant, HttpServletRequest request) throws StoreException {
        Lookup copy = nearCopy(page, variant);
        return copy != null ? copy : lookupStore(page, variant, request);
    }

    /** The near cache's fresh copy of the page variant, or {@code null}. */
    Lookup nearCopy(String page, String variant) {
        NearCache.Copy copy = near.get(page, variant);
        if (copy == null) {
            return null;
        }
        Lookup now = copy.lookup.fromNear(clock.millis());
        if (!now.isFresh()) {
            return null;
        }
        if (near.claimRefresh(copy)) {
            near.refreshInBackground(page, variant);
        }
        return now;
    }

    /** {@link #lookup} from the store itself, passing the near cache by. */
    Lookup lookupStore(String page, String variant, HttpServletRequest request) throws StoreException {
        long nearEpoch = near.epoch();
        List<String> fields = lookupFields(page, variant, request);
        return interpret(page, variant, request, fields, store.get(page, fields), nearEpoch);
    }

    /**
     * Whether this server has lately found or put an entry in the page, so a lookup of it is
     * likely to hit ({@link SeenPages}).
     */
    boolean likelyStored(String page) {
        return seen.contains(page);
    }

    /** The fields of which the page holds one when it holds an entry for the variant. */
    static List<String> entryFields(String variant) {
        return Arrays.asList(variant, CacheKeys.varyMarker(variant));
    }

    /**
     * What a lookup reads: the generation, the variant's plain field, its Vary marker and,
     * when this JVM has met the page's Vary headers, the field for this request's values.
     */
    List<String> lookupFields(String page, String variant, HttpServletRequest request) {
        String marker = CacheKeys.varyMarker(variant);
        List<String> known = varyMemo.get(page, variant);
        String guess = known == null ? null : keys.varied(variant, known, request);
        return guess == null ? plainFields(variant) : Arrays.asList(Store.GENERATION, variant, marker, guess);
    }

    /** What a lookup reads of a variant whose Vary headers are not known: see {@link #lookupFields}. */
    private static List<String> plainFields(String variant) {
        return Arrays.asList(Store.GENERATION, variant, CacheKeys.varyMarker(variant));
    }

    /**
     * The lookup made of the values of {@link #lookupFields} (read here, or together with a
     * render lock).
     *
     * @param nearEpoch the near cache's epoch before the values were read
     */
    Lookup interpret(String page, String variant, HttpServletRequest request, List<String> fields,
                     List<byte[]> found, long nearEpoch) throws StoreException {
        String guess = fields.size() > 3 ? fields.get(3) : null;
        String generation = generationOf(found.get(0));
        byte[] value = found.get(1);
        boolean isPlain = found.get(2) == null;
        boolean perVisitor = false;
        if (!isPlain) {
            List<String> vary = VaryKey.splitNames(new String(found.get(2), StandardCharsets.UTF_8));
            varyMemo.put(page, variant, vary);
            perVisitor = vary.contains(Visitors.VARY_NAME);
            String field = keys.varied(variant, vary, request);
            value = field.equals(guess) ? found.get(3)
                    : store.get(page, Collections.singletonList(field)).get(0);
        }
        long now = clock.millis();
        if (value == null || !PassMarker.isMarker(value) && EntryCodec.storageRulesOf(value) != settings.storageRules) {
            // None, or stored under other rules of what may be stored (before a restart with
            // safer settings, say): a miss, rendered and stored again under these.
            seen.forget(page);
            return Lookup.of(null, null, generation, now, perVisitor);
        }
        seen.seen(page);
        try {
            if (PassMarker.isMarker(value)) {
                return Lookup.of(null, PassMarker.decode(value), generation, now, perVisitor);
            }
            // Varying pages are keyed per request headers: not kept near.
            boolean keptNear = isPlain && near.enabled();
            Lookup result = Lookup.of(EntryCodec.decode(value, keptNear), null, generation, now, perVisitor);
            if (result.isFresh() && keptNear) {
                near.put(page, variant, result, value, nearEpoch);
            }
            return result;
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: ignoring unreadable entry " + page
                    + " (" + e.getMessage() + ")");
            return Lookup.of(null, null, generation, now, perVisitor);
        }
    }

    /**
     * Reads near copies' page variants again, in one round trip, and keeps them near anew,
     * unless an eviction came in between: the same copy for another while when the store
     * holds the bytes it was read from, else what the store holds now. A variant that varies
     * now, or is gone, is left to run out.
     */
    private void refreshNear(List<NearCache.Due> due) {
        long nearEpoch = near.epoch();
        List<String> pages = new ArrayList<>(due.size());
        List<List<String>> fields = new ArrayList<>(due.size());
        for (NearCache.Due d : due) {
            pages.add(d.page);
            fields.add(plainFields(d.variant));
        }
        List<List<byte[]>> found;
        try {
            found = store.getMany(pages, fields);
        } catch (StoreException e) {
            return; // the copies run out as they would have; the next requests read the store
        }
        for (int i = 0; i < due.size(); i++) {
            List<byte[]> values = found.get(i);
            if (values.get(1) != null && values.get(2) == null) {
                if (near.renew(pages.get(i), due.get(i).variant, generationOf(values.get(0)), values.get(1),
                        nearEpoch)) {
                    continue; // unchanged: the copy is kept on, no decoding
                }
                try {
                    interpret(pages.get(i), due.get(i).variant, null, fields.get(i), values, nearEpoch);
                } catch (StoreException e) {
                    // not for a plain variant, which this is: interpret reads nothing more
                }
            }
        }
    }

    /** The page's {@link Store#GENERATION} as read, {@code ""} for none. */
    private static String generationOf(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.US_ASCII);
    }

    /** See {@link NearCache#epoch()}: read before values that may be kept near. */
    long nearEpoch() {
        return near.epoch();
    }

    /**
     * Stores the entry under the variant's plain field, or, when its response varies, under
     * the field for this request's values with a marker naming the Vary headers; unless an
     * eviction since {@code generation} was read says the render may predate a write.
     *
     * @param variedField when it varies, the field for the request's values of the Vary headers
     *        ({@link CacheKeys#varied}), taken while the request was at hand
     * @param keepMillis how long Redis keeps it: its lifetime plus any stale window
     * @return whether it was stored
     */
    boolean store(String page, String variant, String generation, CachedResponse entry, List<String> vary,
                  String variedField, long keepMillis) throws StoreException {
        return store(page, variant, generation, entry, vary, variedField, keepMillis, Long.MAX_VALUE);
    }

    /**
     * @param renderStartedMillis when the render began (before its lookup read the page): a
     *        tag or subtree eviction since then keeps it out ({@link PageTags})
     */
    boolean store(String page, String variant, String generation, CachedResponse entry, List<String> vary,
                  String variedField, long keepMillis, long renderStartedMillis) throws StoreException {
        PageTags tags = new PageTags(keys.indexesOf(keys.pathOf(page), entry.tags), renderStartedMillis);
        return storeValue(page, variant, generation, EntryCodec.encode(entry, settings.storageRules), vary, variedField,
                keepMillis, tags);
    }

    /**
     * Stores a hit-for-pass marker where the render's entry would have gone, so the requests
     * that would have found the entry find the marker instead, in the same lookup.
     *
     * @return whether it was stored
     */
    boolean storePass(String page, String variant, String generation, PassMarker marker, List<String> vary,
                      String variedField) throws StoreException {
        long keep = Math.max(1, marker.expiresAtMillis - clock.millis());
        return storeValue(page, variant, generation, marker.encode(), vary, variedField, keep, PageTags.NONE);
    }

    private boolean storeValue(String page, String variant, String generation, byte[] value, List<String> vary,
                               String variedField, long keepMillis, PageTags tags) throws StoreException {
        Map<String, byte[]> set = new LinkedHashMap<>();
        List<String> remove;
        String marker = CacheKeys.varyMarker(variant);
        if (vary.isEmpty()) {
            set.put(variant, value);
            remove = Collections.singletonList(marker);
        } else {
            set.put(marker, VaryKey.joinNames(vary).getBytes(StandardCharsets.UTF_8));
            set.put(variedField, value);
            remove = Collections.singletonList(variant);
            varyMemo.put(page, variant, vary);
        }
        near.invalidate(page);
        boolean stored = store.put(keys.index(), page, set, remove, keepMillis, settings.maxVariants, generation, tags);
        if (stored) {
            seen.seen(page);
        }
        return stored;
    }

    /** The values and memoized results kept in this filter's namespace and store. */
    ValueCache values() {
        return values;
    }

    long now() {
        return clock.millis();
    }

    /**
     * Removes every variant of each page, in one round trip.
     *
     * @return false when the store could not be reached (logged)
     */
    boolean evict(Collection<String> paths) {
        return evict(EvictionTargets.pages(paths), true);
    }

    /**
     * Removes every variant of each page, and every page listed under the subtrees and tags:
     * one round trip for pages, three more for subtrees and tags however many pages they list.
     *
     * @param now whether to call the store now; otherwise the eviction is remembered and applied
     *        before the store is read again ({@link Store#evictLater}), for a request that has
     *        just found the store unreachable
     * @return false when the store could not be reached, or was not called (logged)
     */
    boolean evict(EvictionTargets targets, boolean now) {
        List<String> pages = new ArrayList<>(targets.pages.size());
        for (String path : targets.pages) {
            String page = keys.page(path);
            pages.add(page);
            forget(page); // at once here, whatever Redis says; other servers hear it from Redis
        }
        List<String> tagIndexes = new ArrayList<>(targets.subtrees.size() + targets.tags.size());
        for (String subtree : targets.subtrees) {
            tagIndexes.add(keys.subtreeIndex(subtree));
        }
        for (String tag : targets.tags) {
            tagIndexes.add(keys.tagIndex(tag));
        }
        try {
            if (!now) {
                store.evictLater(keys.index(), pages);
                if (!tagIndexes.isEmpty()) {
                    store.evictTaggedLater(keys.index(), tagIndexes);
                }
                return false;
            }
            if (!pages.isEmpty()) {
                store.evict(keys.index(), pages);
            }
            int evicted = pages.size();
            if (!tagIndexes.isEmpty()) {
                List<String> listed = store.evictTagged(keys.index(), tagIndexes);
                for (String page : listed) {
                    forget(page);
                }
                evicted += listed.size();
            }
            stats.evicted(evicted);
            return true;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: could not evict " + targets, e);
            return false;
        }
    }

    private void forget(String page) {
        seen.forget(page);
        near.invalidate(page);
    }

    /** @return false when the store could not be reached (logged) */
    boolean clear() {
        try {
            near.clear();
            seen.clear();
            store.clear(keys.index(), keys.pagePrefix());
            return true;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: could not clear", e);
            return false;
        }
    }

    void close() {
        near.close();
        store.close();
    }
}
