package io.github.viewcache;

import java.util.Iterator;
import java.util.LinkedHashMap;
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
    public synchronized byte[] get(String page, String variant) {
        Page p = livePage(page);
        return p == null ? null : p.variants.get(variant);
    }

    @Override
    public synchronized void put(String index, String page, String variant, byte[] value,
                                 long ttlMillis, int maxVariants) {
        if (value.length > maxBytes) {
            return;
        }
        Page p = livePage(page);
        if (p == null) {
            p = new Page();
            p.expiresAtMillis = 0;
            pages.put(page, p);
        }
        byte[] old = p.variants.remove(variant);
        if (old != null) {
            account(p, -old.length);
        } else if (p.variants.size() >= maxVariants) {
            dropRandomVariant(p);
        }
        p.variants.put(variant, value);
        account(p, value.length);
        long expiresAt = ttlMillis == 0 ? Long.MAX_VALUE : clock.millis() + ttlMillis;
        p.expiresAtMillis = Math.max(p.expiresAtMillis, expiresAt);
        shrinkTo(maxBytes);
    }

    @Override
    public synchronized void evict(String index, String page) {
        remove(page);
    }

    @Override
    public synchronized void clear(String index) {
        pages.clear();
        bytes = 0;
    }

    @Override
    public void close() {
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
