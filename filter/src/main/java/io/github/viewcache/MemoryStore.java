package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code store=memory}: an in-process LRU of pages bounded by {@code memory-max-bytes}. One per
 * filter, so {@link #clear} needs no index. Pages expire as Redis keys do: at the latest
 * expiry of their variants.
 */
final class MemoryStore implements Store {

    private static final class Page {
        final Map<String, byte[]> variants = new LinkedHashMap<>();
        long bytes;
        /** Long.MAX_VALUE for no expiry. */
        long expiresAtMillis;
    }

    private final long maxBytes;
    private final Clock clock;
    private final Random random = new Random();
    private final LinkedHashMap<String, Page> pages = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    MemoryStore(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public synchronized List<byte[]> get(String page, List<String> variants) {
        Page p = livePage(page);
        List<byte[]> values = new ArrayList<>(variants.size());
        for (String variant : variants) {
            values.add(p == null ? null : p.variants.get(variant));
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
    public synchronized void put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                                 long ttlMillis, int maxVariants) {
        long size = 0;
        for (byte[] value : set.values()) {
            size += value.length;
        }
        if (size > maxBytes) {
            return;
        }
        Page p = livePage(page);
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
            } else if (p.variants.size() >= maxVariants) {
                dropRandomVariant(p);
            }
            p.variants.put(e.getKey(), e.getValue());
            account(p, e.getValue().length);
        }
        p.expiresAtMillis = Math.max(p.expiresAtMillis, expiry(ttlMillis));
        shrinkTo(maxBytes);
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
    public synchronized void delete(String page, String variant) {
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
    public synchronized void evict(String index, Collection<String> names) {
        for (String name : names) {
            remove(name);
        }
    }

    @Override
    public synchronized void clear(String index) {
        pages.clear();
        bytes = 0;
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
        int skip = random.nextInt(p.variants.size());
        Iterator<byte[]> it = p.variants.values().iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        account(p, -it.next().length);
        it.remove();
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
