package io.github.viewcache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code near-cache-ms}: an in-process copy of recently read entries, kept at most that long,
 * so a hot page is answered without a Redis round trip. Size-bounded by
 * {@code near-cache-max-bytes}. Evictions reach it at once on this server, and within
 * milliseconds on the others through Redis pub/sub; if that message is lost (Redis down), a
 * copy outlives a write elsewhere by at most {@code near-cache-ms}.
 */
final class NearCache {

    private static final class Copy {
        final Lookup lookup;
        final long keptUntilNanos;
        final int bytes;

        Copy(Lookup lookup, long keptUntilNanos, int bytes) {
            this.lookup = lookup;
            this.keptUntilNanos = keptUntilNanos;
            this.bytes = bytes;
        }
    }

    private final long keepNanos;
    private final long maxBytes;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Copy>> pages = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Raised by every invalidation, so a read that raced one is never kept. */
    private final AtomicLong epoch = new AtomicLong();
    private final Runnable onClose;

    /** A near cache that keeps nothing. */
    static final NearCache OFF = new NearCache(0, 0, () -> { });

    NearCache(long keepMillis, long maxBytes, Runnable onClose) {
        this.keepNanos = TimeUnit.MILLISECONDS.toNanos(keepMillis);
        this.maxBytes = maxBytes;
        this.onClose = onClose;
    }

    void close() {
        onClose.run();
        clear();
    }

    boolean enabled() {
        return keepNanos > 0;
    }

    /** The copy of this page variant, or {@code null}. */
    Lookup get(String page, String variant) {
        if (!enabled()) {
            return null;
        }
        Map<String, Copy> variants = pages.get(page);
        Copy copy = variants == null ? null : variants.get(variant);
        if (copy == null) {
            return null;
        }
        if (System.nanoTime() - copy.keptUntilNanos > 0) {
            if (variants.remove(variant, copy)) {
                bytes.addAndGet(-copy.bytes);
            }
            return null;
        }
        return copy.lookup;
    }

    /** Read before the store is: pass it to {@link #put}. */
    long epoch() {
        return epoch.get();
    }

    /**
     * Keeps a copy of what a lookup read, unless an invalidation happened since
     * {@code epochBefore} (the read may predate a write: keeping it would serve the old page
     * here after the write).
     */
    void put(String page, String variant, Lookup lookup, long epochBefore) {
        if (!enabled() || lookup.entry == null) {
            return;
        }
        int size = lookup.entry.bodyLength() + 512;
        if (size > maxBytes) {
            return;
        }
        Copy copy = new Copy(lookup, System.nanoTime() + keepNanos, size);
        long[] delta = new long[1];
        // compute() runs atomically with invalidate()'s remove() of the same page.
        pages.compute(page, (p, variants) -> {
            if (epoch.get() != epochBefore) {
                return variants;
            }
            ConcurrentHashMap<String, Copy> map = variants != null ? variants : new ConcurrentHashMap<>();
            Copy old = map.put(variant, copy);
            delta[0] = size - (old == null ? 0 : old.bytes);
            return map;
        });
        if (bytes.addAndGet(delta[0]) > maxBytes) {
            shrink();
        }
    }

    /** Drops every variant of the page. */
    void invalidate(String page) {
        epoch.incrementAndGet();
        Map<String, Copy> variants = pages.remove(page);
        if (variants != null) {
            for (Copy copy : variants.values()) {
                bytes.addAndGet(-copy.bytes);
            }
        }
    }

    void clear() {
        epoch.incrementAndGet();
        pages.clear();
        bytes.set(0);
    }

    /** Over the bound: drop whole pages, expired ones first, until it fits. */
    private void shrink() {
        long now = System.nanoTime();
        for (int pass = 0; pass < 2 && bytes.get() > maxBytes; pass++) {
            for (Iterator<Map.Entry<String, ConcurrentHashMap<String, Copy>>> it = pages.entrySet().iterator();
                 it.hasNext() && bytes.get() > maxBytes; ) {
                Map.Entry<String, ConcurrentHashMap<String, Copy>> e = it.next();
                boolean expired = e.getValue().values().stream().allMatch(c -> now - c.keptUntilNanos > 0);
                if (pass == 1 || expired) {
                    invalidate(e.getKey());
                }
            }
        }
    }
}
