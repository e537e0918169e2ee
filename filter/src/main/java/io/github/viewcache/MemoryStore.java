package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code store=memory}: an in-process LRU of pages bounded by {@code memory-max-bytes}. One per
 * filter, so {@link #clear} needs no index. Pages expire as Redis keys do: at the latest
 * expiry of their variants.
 */
final class MemoryStore implements Store {

    private static final class Page {
        /** Variants, and the generation under {@link Store#GENERATION} once evicted. */
        final Map<String, byte[]> variants = new LinkedHashMap<>();
        long bytes;
        /** Long.MAX_VALUE for no expiry. */
        long expiresAtMillis;
    }

    /** A tag's or a subtree's pages, with their expiry, and when it was last evicted. */
    private static final class TagIndex {
        final Map<String, Long> pages = new HashMap<>();
        long evictedAtMillis = Long.MIN_VALUE;
    }

    /** Every this many puts, indexes drop the pages that are gone, and empty ones go (see {@link #sweepTags}). */
    private static final int TAG_SWEEP_EVERY = 1024;

    private final long maxBytes;
    private final Clock clock;
    private final Random random = new Random();
    private final LinkedHashMap<String, Page> pages = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    /**
     * How many times {@link #clear} ran: the generation of a page with none of its own, so that
     * a render of a page nobody had stored yet, under way during a clear, is fenced too.
     */
    private long clears;
    private final Map<String, TagIndex> tagIndexes = new HashMap<>();
    private int putsSinceSweep;

    MemoryStore(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public synchronized List<byte[]> get(String page, List<String> variants) {
        Page p = livePage(page);
        List<byte[]> values = new ArrayList<>(variants.size());
        for (String variant : variants) {
            byte[] value = p == null ? null : p.variants.get(variant);
            values.add(value == null && variant.equals(GENERATION) ? clearsGeneration() : value);
        }
        return values;
    }

    @Override
    public synchronized List<Map<String, byte[]>> getAll(List<String> names) {
        List<Map<String, byte[]>> all = new ArrayList<>(names.size());
        for (String name : names) {
            Page p = livePage(name);
            all.add(p == null ? new HashMap<String, byte[]>() : new HashMap<>(p.variants));
        }
        return all;
    }

    @Override
    public boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                       long ttlMillis, int maxVariants, String expectedGeneration) {
        return put(index, page, set, remove, ttlMillis, maxVariants, expectedGeneration, PageTags.NONE);
    }

    @Override
    public synchronized boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                                    long ttlMillis, int maxVariants, String expectedGeneration, PageTags tags) {
        for (String tagIndex : tags.indexes) {
            TagIndex listed = tagIndexes.get(tagIndex);
            if (listed != null && listed.evictedAtMillis >= tags.renderStartedMillis) {
                return false; // evicted by tag during the render: it may hold what the write changed
            }
        }
        long size = 0;
        for (byte[] value : set.values()) {
            size += value.length;
        }
        if (size > maxBytes) {
            return false;
        }
        Page p = livePage(page);
        if (expectedGeneration != null) {
            byte[] generation = p == null ? null : p.variants.get(GENERATION);
            if (generation == null) {
                generation = clearsGeneration();
            }
            String current = generation == null ? "" : new String(generation, StandardCharsets.US_ASCII);
            if (!current.equals(expectedGeneration)) {
                return false;
            }
        }
        if (p == null) {
            p = new Page();
            pages.put(page, p);
        }
        for (String variant : remove) {
            byte[] old = p.variants.remove(variant);
            if (old != null) {
                account(p, -old.length);
            }
        }
        for (Map.Entry<String, byte[]> e : set.entrySet()) {
            byte[] old = p.variants.remove(e.getKey());
            if (old != null) {
                account(p, -old.length);
            } else if (variantCount(p) >= maxVariants) {
                dropRandomVariant(p);
            }
            p.variants.put(e.getKey(), e.getValue());
            account(p, e.getValue().length);
        }
        p.expiresAtMillis = Math.max(p.expiresAtMillis, expiry(ttlMillis));
        for (String tagIndex : tags.indexes) {
            tagIndexes.computeIfAbsent(tagIndex, t -> new TagIndex()).pages.merge(page, p.expiresAtMillis, Math::max);
        }
        if (!tags.indexes.isEmpty() && ++putsSinceSweep >= TAG_SWEEP_EVERY) {
            sweepTags();
        }
        shrinkTo(maxBytes);
        return true;
    }

    /**
     * Keeps the indexes as small as the pages they list: a page that expired or gave way to
     * others leaves them, and an index left empty goes once its eviction mark can fence no
     * render still under way.
     */
    private void sweepTags() {
        putsSinceSweep = 0;
        long now = clock.millis();
        for (Iterator<TagIndex> it = tagIndexes.values().iterator(); it.hasNext(); ) {
            TagIndex listed = it.next();
            listed.pages.entrySet().removeIf(e -> e.getValue() <= now || !pages.containsKey(e.getKey()));
            if (listed.pages.isEmpty() && listed.evictedAtMillis < now - TOMBSTONE_MILLIS) {
                it.remove();
            }
        }
    }

    @Override
    public synchronized List<String> evictTagged(String index, Collection<String> indexes) {
        long now = clock.millis();
        Set<String> listed = new LinkedHashSet<>();
        for (String tagIndex : indexes) {
            TagIndex tag = tagIndexes.computeIfAbsent(tagIndex, t -> new TagIndex());
            tag.evictedAtMillis = now;
            for (Map.Entry<String, Long> e : tag.pages.entrySet()) {
                if (e.getValue() > now) {
                    listed.add(e.getKey());
                }
            }
            tag.pages.clear();
        }
        List<String> evicted = new ArrayList<>(listed);
        evict(index, evicted);
        return evicted;
    }

    private static int variantCount(Page p) {
        return p.variants.size() - (p.variants.containsKey(GENERATION) ? 1 : 0);
    }

    @Override
    public synchronized boolean[] replace(String index, List<Replacement> replacements, long ttlMillis,
                                          boolean onlyIfAbsent) {
        boolean[] written = new boolean[replacements.size()];
        for (int i = 0; i < written.length; i++) {
            Replacement r = replacements.get(i);
            if ((onlyIfAbsent && livePage(r.page) != null) || r.value.length > maxBytes) {
                continue;
            }
            remove(r.page);
            Page p = new Page();
            p.variants.put(r.variant, r.value);
            account(p, r.value.length);
            p.expiresAtMillis = expiry(ttlMillis);
            pages.put(r.page, p);
            written[i] = true;
        }
        shrinkTo(maxBytes);
        return written;
    }

    @Override
    public synchronized long increment(String index, String page, String variant, long delta, long ttlMillis)
            throws StoreException {
        Page p = livePage(page);
        long current = 0;
        if (p != null) {
            byte[] value = p.variants.get(variant);
            if (value == null || p.variants.size() != 1) {
                throw new StoreException(page + " does not hold a number", null, true);
            }
            try {
                current = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new StoreException(page + " does not hold an integer", e, true);
            }
        }
        long next;
        try {
            next = Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new StoreException(page + " would overflow", e);
        }
        byte[] value = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
        if (p == null) {
            p = new Page();
            p.expiresAtMillis = expiry(ttlMillis);
            pages.put(page, p);
        } else {
            account(p, -p.variants.get(variant).length);
        }
        p.variants.put(variant, value);
        account(p, value.length);
        shrinkTo(maxBytes);
        return next;
    }

    @Override
    public synchronized void deleteVariant(String page, String variant) {
        Page p = livePage(page);
        if (p != null) {
            byte[] old = p.variants.remove(variant);
            if (old != null) {
                account(p, -old.length);
            }
            if (p.variants.isEmpty()) {
                remove(page);
            }
        }
    }

    @Override
    public synchronized void delete(String index, Collection<String> names) {
        for (String name : names) {
            remove(name);
        }
    }

    @Override
    public synchronized void evict(String index, Collection<String> names) {
        for (String name : names) {
            Page old = livePage(name);
            byte[] generation = old == null ? null : old.variants.get(GENERATION);
            long next = (generation == null ? 0 : Long.parseLong(new String(generation, StandardCharsets.US_ASCII))) + 1;
            remove(name);
            Page tombstone = new Page();
            byte[] value = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
            tombstone.variants.put(GENERATION, value);
            account(tombstone, value.length);
            tombstone.expiresAtMillis = clock.millis() + TOMBSTONE_MILLIS;
            pages.put(name, tombstone);
        }
    }

    /** {@code null} (no generation) until the first clear, then {@code c<clears>}. */
    private byte[] clearsGeneration() {
        return clears == 0 ? null : ("c" + clears).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void clear(String index, String pagePrefix) {
        clears++;
        List<String> evicted = new ArrayList<>();
        for (String name : new ArrayList<>(pages.keySet())) {
            if (name.startsWith(pagePrefix)) {
                evicted.add(name);
            } else {
                remove(name);
            }
        }
        evict(index, evicted);
    }

    @Override
    public void close() {
    }

    private long expiry(long ttlMillis) {
        return ttlMillis == 0 ? Long.MAX_VALUE : clock.millis() + ttlMillis;
    }

    private Page livePage(String page) {
        Page p = pages.get(page);
        if (p != null && clock.millis() >= p.expiresAtMillis) {
            remove(page);
            return null;
        }
        return p;
    }

    private void remove(String page) {
        Page p = pages.remove(page);
        if (p != null) {
            bytes -= p.bytes;
        }
    }

    private void account(Page p, long delta) {
        p.bytes += delta;
        bytes += delta;
    }

    private void dropRandomVariant(Page p) {
        List<String> candidates = new ArrayList<>(p.variants.keySet());
        candidates.remove(GENERATION);
        if (candidates.isEmpty()) {
            return;
        }
        String victim = candidates.get(random.nextInt(candidates.size()));
        account(p, -p.variants.remove(victim).length);
    }

    private void shrinkTo(long limit) {
        Iterator<Page> eldestFirst = pages.values().iterator();
        while (bytes > limit && eldestFirst.hasNext()) {
            Page p = eldestFirst.next();
            bytes -= p.bytes;
            eldestFirst.remove();
        }
    }
}
