package io.github.viewcache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code near-cache-ms}: an in-process copy of recently read entries, kept at most that long,
 * so a hot page is answered without a Redis round trip. Size-bounded by
 * {@code near-cache-max-bytes}. Evictions reach it at once on this server, and within
 * milliseconds on the others through Redis pub/sub; if that message is lost (Redis down), a
 * copy outlives a write elsewhere by at most {@code near-cache-ms}.
 *
 * <p>A copy that is hit in the last quarter of its time is read again from the store in the
 * background, so a hot page is not made to wait for Redis when its copy runs out. The copy
 * served meanwhile is still within its time: the bound on staleness does not move. Copies
 * that come due within a sixteenth of their time of each other are read again together.
 */
final class NearCache {

    /**
     * A kept copy: what the lookup found, the stored bytes it was decoded from, and until when
     * it is kept. Its time is renewed in place ({@link #renew}) rather than the copy replaced:
     * in A/B runs over a thousand hot pages, against copies kept 30 s (hardly ever refreshed),
     * refreshes that replaced their copies cost 6-11% of the near cache's throughput, and
     * refreshes that renew in place 2-6%.
     */
    static final class Copy {
        final Lookup lookup;
        final byte[] stored;
        final int bytes;
        final AtomicBoolean refreshing = new AtomicBoolean();
        private volatile long keptUntilNanos;
        private volatile long refreshFromNanos;

        Copy(Lookup lookup, byte[] stored, int bytes, long keepNanos, long nowNanos) {
            this.lookup = lookup;
            this.stored = stored;
            this.bytes = bytes;
            startTime(keepNanos, nowNanos);
        }

        /** Kept {@code keepNanos} from now, due to be read again in the last quarter of that. */
        void startTime(long keepNanos, long nowNanos) {
            keptUntilNanos = nowNanos + keepNanos;
            refreshFromNanos = nowNanos + keepNanos - keepNanos / 4;
            refreshing.set(false);
        }
    }

    /**
     * The copies of one page. Almost every page has one variant, held directly; a second makes
     * it a map. A hit over many hot pages pays for each object it follows (they are seldom in
     * the processor's caches): in profiles over a thousand pages, finding a copy through a map
     * per page was 11% of a near hit's time, held directly 7%. Changed only inside
     * {@code pages.compute*} for the page, so atomically with {@link #invalidate}.
     */
    private static final class PageCopies {
        private final String onlyVariant;
        private final Copy only;
        private final ConcurrentHashMap<String, Copy> many;

        private PageCopies(String onlyVariant, Copy only, ConcurrentHashMap<String, Copy> many) {
            this.onlyVariant = onlyVariant;
            this.only = only;
            this.many = many;
        }

        static PageCopies of(String variant, Copy copy) {
            return new PageCopies(variant, copy, null);
        }

        Copy get(String variant) {
            if (many == null) {
                return onlyVariant.equals(variant) ? only : null;
            }
            return many.get(variant);
        }

        /** These copies with {@code copy} for the variant; {@code replaced[0]} gets the copy it replaces. */
        PageCopies with(String variant, Copy copy, Copy[] replaced) {
            if (many == null) {
                if (onlyVariant.equals(variant)) {
                    replaced[0] = only;
                    return of(variant, copy);
                }
                ConcurrentHashMap<String, Copy> map = new ConcurrentHashMap<>();
                map.put(onlyVariant, only);
                map.put(variant, copy);
                return new PageCopies(null, null, map);
            }
            replaced[0] = many.put(variant, copy);
            return this;
        }

        /** These copies without that very copy of the variant, or {@code null} if none are left. */
        PageCopies without(String variant, Copy copy, boolean[] removed) {
            if (many == null) {
                removed[0] = onlyVariant.equals(variant) && only == copy;
                return removed[0] ? null : this;
            }
            removed[0] = many.remove(variant, copy);
            return many.isEmpty() ? null : this;
        }

        Iterable<Copy> all() {
            return many == null ? Collections.singletonList(only) : many.values();
        }
    }

    /** A copy due to be read again: which page variant. */
    static final class Due {
        final String page;
        final String variant;

        Due(String page, String variant) {
            this.page = page;
            this.variant = variant;
        }
    }

    /**
     * Queued background refreshes past this many are dropped: their copies just run out. Room
     * for what comes due in one gathering over several thousand hot pages.
     */
    private static final int REFRESH_QUEUE = 4096;
    /** Due copies read again together, in one round trip. */
    private static final int REFRESH_BATCH = 64;
    /**
     * How long the first due copy waits for others, as a part of the copies' time: 1/16 of it,
     * within the last quarter in which a copy is due, so a refresh still lands in its time.
     */
    private static final int GATHER_PART = 16;

    private final long keepNanos;
    private final long gatherNanos;
    private final long maxBytes;
    private final ConcurrentHashMap<String, PageCopies> pages = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Raised by every invalidation, so a read that raced one is never kept. */
    private final AtomicLong epoch = new AtomicLong();
    private final Runnable onClose;
    private final LongSupplier nanoTime;
    private final ArrayBlockingQueue<Due> due;
    private final Thread refresher;
    private volatile Consumer<List<Due>> refresh = batch -> { };

    /** A near cache that keeps nothing. */
    static final NearCache OFF = new NearCache(0, 0, () -> { });

    NearCache(long keepMillis, long maxBytes, Runnable onClose) {
        this(keepMillis, maxBytes, onClose, System::nanoTime);
    }

    /** @param nanoTime the clock copies are kept by ({@link System#nanoTime()}; tests move it) */
    NearCache(long keepMillis, long maxBytes, Runnable onClose, LongSupplier nanoTime) {
        this.keepNanos = TimeUnit.MILLISECONDS.toNanos(keepMillis);
        this.gatherNanos = keepNanos / GATHER_PART;
        this.maxBytes = maxBytes;
        this.onClose = onClose;
        this.nanoTime = nanoTime;
        if (keepMillis > 0) {
            due = new ArrayBlockingQueue<>(REFRESH_QUEUE);
            refresher = new Thread(this::refreshDue, "viewcache-near-refresh");
            refresher.setDaemon(true);
            refresher.start();
        } else {
            due = null;
            refresher = null;
        }
    }

    void close() {
        if (refresher != null) {
            refresher.interrupt();
        }
        onClose.run();
        clear();
    }

    /** Sets how due copies are read again: up to {@link #REFRESH_BATCH} at a time, on this cache's thread. */
    void refreshWith(Consumer<List<Due>> refresh) {
        if (enabled()) {
            this.refresh = refresh;
        }
    }

    /**
     * Reads the due copies again, gathered: with many pages hot, refreshes come in hundreds a
     * second but seldom within one round trip of each other, so reading each as it comes costs
     * Redis and this server a round trip apiece. The first waits {@link #GATHER_PART} of the
     * copies' time for others; then all that wait are read, {@link #REFRESH_BATCH} per round trip.
     */
    private void refreshDue() {
        List<Due> batch = new ArrayList<>(REFRESH_BATCH);
        try {
            while (true) {
                batch.add(due.take());
                // A sleep, not a wait on the queue: that would wake this thread for every copy
                // that comes due, a thousand times a second over a thousand hot pages.
                TimeUnit.NANOSECONDS.sleep(gatherNanos);
                do {
                    due.drainTo(batch, REFRESH_BATCH - batch.size());
                    try {
                        refresh.accept(batch);
                    } catch (RuntimeException e) {
                        // those copies run out as they would have; the next request reads the store
                    }
                    batch.clear();
                } while (!due.isEmpty());
            }
        } catch (InterruptedException closed) {
            // close(): nothing more to refresh
        }
    }

    /**
     * Whether the copy (from {@link #get}; {@code null} for none) is in the last quarter of its
     * time and nobody is refreshing it yet; if so, the caller is now the one to refresh it.
     */
    boolean claimRefresh(Copy copy) {
        if (copy == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        return now - copy.refreshFromNanos >= 0 && now - copy.keptUntilNanos < 0
                && copy.refreshing.compareAndSet(false, true);
    }

    /** Has the copy read again on this cache's own thread, or drops that when too many wait. */
    void refreshInBackground(String page, String variant) {
        if (due != null) {
            due.offer(new Due(page, variant));
        }
    }

    boolean enabled() {
        return keepNanos > 0;
    }

    /** The copy of this page variant, or {@code null}. */
    Copy get(String page, String variant) {
        if (!enabled()) {
            return null;
        }
        PageCopies copies = pages.get(page);
        Copy copy = copies == null ? null : copies.get(variant);
        if (copy == null) {
            return null;
        }
        if (nanoTime.getAsLong() - copy.keptUntilNanos > 0) {
            boolean[] removed = new boolean[1];
            pages.computeIfPresent(page, (p, c) -> c.without(variant, copy, removed));
            if (removed[0]) {
                bytes.addAndGet(-copy.bytes);
            }
            return null;
        }
        return copy;
    }

    /** Read before the store is: pass it to {@link #put}. */
    long epoch() {
        return epoch.get();
    }

    /**
     * Keeps a copy of what a lookup read ({@code stored}: the bytes its entry was decoded from),
     * unless an invalidation happened since {@code epochBefore} (the read may predate a write:
     * keeping it would serve the old page here after the write).
     */
    void put(String page, String variant, Lookup lookup, byte[] stored, long epochBefore) {
        if (!enabled() || lookup.entry == null) {
            return;
        }
        int size = lookup.entry.bodyLength() + 512;
        if (size > maxBytes) {
            return;
        }
        Copy copy = new Copy(lookup, stored, size, keepNanos, nanoTime.getAsLong());
        long[] delta = new long[1];
        // compute() runs atomically with invalidate()'s remove() of the same page.
        pages.compute(page, (p, copies) -> {
            if (epoch.get() != epochBefore) {
                return copies;
            }
            Copy[] replaced = new Copy[1];
            PageCopies now = copies == null ? PageCopies.of(variant, copy) : copies.with(variant, copy, replaced);
            delta[0] = size - (replaced[0] == null ? 0 : replaced[0].bytes);
            return now;
        });
        if (bytes.addAndGet(delta[0]) > maxBytes) {
            shrink();
        }
    }

    /**
     * Starts the copy's time again if the store, read after {@code epochBefore}, still holds
     * exactly what the copy was read from, in the same generation: then nothing was written
     * since, and the copy may be kept as if it had just been read.
     *
     * @return whether the copy was renewed; if not, the caller reads the page as new
     */
    boolean renew(String page, String variant, String generation, byte[] stored, long epochBefore) {
        boolean[] renewed = new boolean[1];
        // computeIfPresent() runs atomically with invalidate()'s remove() of the same page.
        pages.computeIfPresent(page, (p, copies) -> {
            Copy copy = copies.get(variant);
            if (epoch.get() == epochBefore && copy != null && copy.lookup.generation.equals(generation)
                    && Arrays.equals(copy.stored, stored)) {
                copy.startTime(keepNanos, nanoTime.getAsLong());
                renewed[0] = true;
            }
            return copies;
        });
        return renewed[0];
    }

    /** Drops every variant of the page. */
    void invalidate(String page) {
        epoch.incrementAndGet();
        PageCopies copies = pages.remove(page);
        if (copies != null) {
            for (Copy copy : copies.all()) {
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
        long now = nanoTime.getAsLong();
        for (int pass = 0; pass < 2 && bytes.get() > maxBytes; pass++) {
            for (Iterator<Map.Entry<String, PageCopies>> it = pages.entrySet().iterator();
                 it.hasNext() && bytes.get() > maxBytes; ) {
                Map.Entry<String, PageCopies> e = it.next();
                boolean expired = true;
                for (Copy c : e.getValue().all()) {
                    expired &= now - c.keptUntilNanos > 0;
                }
                if (pass == 1 || expired) {
                    invalidate(e.getKey());
                }
            }
        }
    }
}
