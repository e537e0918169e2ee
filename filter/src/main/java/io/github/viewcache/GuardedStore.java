package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a Redis outage from costing every request a timeout, and from bringing stale pages
 * back when Redis returns.
 *
 * <p>A circuit breaker: after {@link #FAILURES_TO_OPEN} failures in a row no call reaches the
 * store for {@code redis-retry-ms}; then calls go through again, and the first success closes
 * it. The log says so once per change, not once per request.
 *
 * <p>Failed evictions are remembered and applied before anything else is read from or written
 * to the store again, and retried in the background meanwhile, so a page a write made stale
 * while Redis was unreachable is never served once Redis is back.
 */
final class GuardedStore implements Store {

    private static final Logger LOG = Logger.getLogger(GuardedStore.class.getName());

    static final int FAILURES_TO_OPEN = 3;
    /** Past this many remembered evictions, recovery clears the whole namespace instead. */
    static final int MAX_PENDING = 10_000;


    /** One call to the store. */
    interface Call<T> {
        T run() throws StoreException;
    }

    private final Store store;
    private final String name;
    private final String pagePrefix;
    private final Clock clock;
    private final long retryMillis;
    private final FilterStats stats;

    private volatile int failures;
    /** Read on every call without the lock: the hot path only pays for a volatile read. */
    private volatile long closedAgainAt;
    private volatile boolean open;
    private final Map<String, Set<String>> pendingEvictions = new LinkedHashMap<>();
    private final Map<String, String> pendingClears = new LinkedHashMap<>();
    /** Tag and subtree indexes whose eviction failed, per namespace index. */
    private final Map<String, Set<String>> pendingTagEvictions = new LinkedHashMap<>();
    private boolean retryScheduled;
    /** Started on the first failed eviction and stopped with the store, so no thread outlives the app. */
    private ScheduledExecutorService retries;
    /** Read without the lock on every call: the common case has nothing pending. */
    private volatile boolean anyPending;

    /** Kept where Redis fails over (Sentinel, Cluster), else {@code null}. */
    private final RecentEvictions recent;

    GuardedStore(Store store, String name, String pagePrefix, Clock clock, long retryMillis, FilterStats stats) {
        this(store, name, pagePrefix, clock, retryMillis, stats, false);
    }

    /**
     * @param failsOver whether a replica may take the master's place (Sentinel, Cluster): then
     *        the recent evictions are applied again after a failure ({@link RecentEvictions})
     */
    GuardedStore(Store store, String name, String pagePrefix, Clock clock, long retryMillis, FilterStats stats,
                 boolean failsOver) {
        this.recent = failsOver ? new RecentEvictions(clock) : null;
        this.store = store;
        this.name = name;
        this.pagePrefix = pagePrefix;
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.stats = stats;
    }

    /**
     * Runs one call to the store, or to the same Redis outside it (a render lock that reads the
     * page, {@link GuardedRenderLocks}): not made while the circuit is open, made only after the
     * evictions that failed (so it cannot read a page a write has made stale), and its failure
     * counted.
     */
    <T> T call(Call<T> call) throws StoreException {
        if (open && clock.millis() < closedAgainAt) {
            stats.shortCircuit();
            throw new StoreException("Redis is not being called for a while after repeated failures", null);
        }
        try {
            applyPending();
            T result = call.run();
            succeeded();
            return result;
        } catch (StoreException e) {
            failed(e);
            throw e;
        }
    }

    private void succeeded() {
        if (open || failures != 0) {
            closeCircuit();
        }
    }

    private synchronized void closeCircuit() {
        if (failures != 0) {
            failedOver(); // the failure may have been the master's: what it took last may be lost
        }
        failures = 0;
        if (open) {
            open = false;
            LOG.info("ViewCache [" + name + "]: Redis answers again; caching resumed");
        }
    }

    private synchronized void failed(StoreException e) {
        stats.storeError();
        failures++;
        if (failures >= FAILURES_TO_OPEN) {
            closedAgainAt = clock.millis() + retryMillis;
            if (!open) {
                open = true;
                LOG.log(Level.WARNING, "ViewCache [" + name + "]: Redis is not answering (" + rootMessage(e)
                        + "); pages are served uncached (X-Cache: BYPASS) and Redis is tried again every "
                        + retryMillis + " ms", e);
            }
        }
    }

    private void applyPending() throws StoreException {
        if (!anyPending) {
            return;
        }
        // Copied whole under the lock: the sets go on taking evictions remembered meanwhile, and
        // only what was applied may be taken out of them afterwards.
        Map<String, List<String>> evictions = new LinkedHashMap<>();
        Map<String, List<String>> tagEvictions = new LinkedHashMap<>();
        Map<String, String> clears;
        synchronized (this) {
            if (!hasPending()) {
                return;
            }
            pendingEvictions.forEach((index, pages) -> evictions.put(index, new ArrayList<>(pages)));
            pendingTagEvictions.forEach((index, tags) -> tagEvictions.put(index, new ArrayList<>(tags)));
            clears = new LinkedHashMap<>(pendingClears);
        }
        for (Map.Entry<String, String> clear : clears.entrySet()) {
            store.clear(clear.getKey(), clear.getValue());
        }
        for (Map.Entry<String, List<String>> e : evictions.entrySet()) {
            store.evict(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, List<String>> e : tagEvictions.entrySet()) {
            store.evictTagged(e.getKey(), e.getValue());
        }
        int applied = 0;
        synchronized (this) {
            for (Map.Entry<String, String> clear : clears.entrySet()) {
                pendingClears.remove(clear.getKey(), clear.getValue());
            }
            for (Map.Entry<String, List<String>> e : evictions.entrySet()) {
                applied += e.getValue().size();
                Set<String> pending = pendingEvictions.get(e.getKey());
                if (pending != null) {
                    pending.removeAll(e.getValue());
                    if (pending.isEmpty()) {
                        pendingEvictions.remove(e.getKey());
                    }
                }
            }
            for (Map.Entry<String, List<String>> e : tagEvictions.entrySet()) {
                applied += e.getValue().size();
                Set<String> pending = pendingTagEvictions.get(e.getKey());
                if (pending != null) {
                    pending.removeAll(e.getValue());
                    if (pending.isEmpty()) {
                        pendingTagEvictions.remove(e.getKey());
                    }
                }
            }
            anyPending = hasPending();
        }
        LOG.info("ViewCache [" + name + "]: applied " + applied + " evictions and " + clears.size()
                + " clears that failed while Redis was unreachable");
    }

    private synchronized void rememberEvictions(String index, Collection<String> pages) {
        if (pendingClears.containsKey(index)) {
            return;
        }
        Set<String> pending = pendingEvictions.computeIfAbsent(index, i -> new LinkedHashSet<>());
        pending.addAll(pages);
        if (pending.size() > MAX_PENDING) {
            pendingEvictions.remove(index);
            pendingClears.put(index, pagePrefix);
        }
        scheduleRetry();
    }

    /**
     * Applies the evictions of the last {@link RecentEvictions#KEEP_MILLIS} again, before the
     * store is read next: called when Redis answers after a failure, and when the servers'
     * subscription to it was cut (a fail-over moves it to the new master).
     */
    void failedOver() {
        if (recent != null) {
            recent.replay(this::rememberEvictions, this::rememberTagEvictions);
        }
    }

    private boolean hasPending() {
        return !pendingEvictions.isEmpty() || !pendingClears.isEmpty() || !pendingTagEvictions.isEmpty();
    }

    private synchronized void rememberTagEvictions(String index, Collection<String> tagIndexes) {
        if (pendingClears.containsKey(index)) {
            return;
        }
        Set<String> pending = pendingTagEvictions.computeIfAbsent(index, i -> new LinkedHashSet<>());
        pending.addAll(tagIndexes);
        if (pending.size() > MAX_PENDING) {
            rememberClear(index, pagePrefix);
            return;
        }
        scheduleRetry();
    }

    private synchronized void rememberClear(String index, String prefix) {
        pendingTagEvictions.remove(index);
        pendingEvictions.remove(index);
        pendingClears.put(index, prefix);
        scheduleRetry();
    }

    private void scheduleRetry() {
        anyPending = true;
        if (!retryScheduled) {
            retryScheduled = true;
            if (retries == null) {
                retries = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "viewcache-eviction-retry-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
            retries.schedule(this::retry, retryMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The background probe while evictions wait: straight to Redis, whatever the breaker says
     * (this is the call its wait is for), every {@code redis-retry-ms} until they have landed.
     * So they land within {@code redis-retry-ms} of Redis answering again, however many times
     * the breaker opened meanwhile or how old the timer is. A success closes the breaker.
     */
    private void retry() {
        synchronized (this) {
            retryScheduled = false;
        }
        try {
            applyPending();
            succeeded();
        } catch (StoreException stillDown) {
            failed(stillDown);
            synchronized (this) {
                if (hasPending()) {
                    scheduleRetry();
                }
            }
        }
    }

    // ---- Store, each call guarded -----------------------------------------------------------------

    @Override
    public List<byte[]> get(String page, List<String> variants) throws StoreException {
        return call(() -> store.get(page, variants));
    }

    @Override
    public List<List<byte[]>> getMany(List<String> pages, List<List<String>> variants) throws StoreException {
        return call(() -> store.getMany(pages, variants));
    }

    @Override
    public List<Map<String, byte[]>> getAll(List<String> pages) throws StoreException {
        return call(() -> store.getAll(pages));
    }

    @Override
    public boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove, long ttlMillis,
                       int maxVariants, String expectedGeneration, PageTags tags) throws StoreException {
        return call(() -> store.put(index, page, set, remove, ttlMillis, maxVariants, expectedGeneration, tags));
    }

    @Override
    public boolean[] replace(String index, List<Replacement> replacements, long ttlMillis, boolean onlyIfAbsent)
            throws StoreException {
        return call(() -> store.replace(index, replacements, ttlMillis, onlyIfAbsent));
    }

    @Override
    public long increment(String index, String page, String variant, long delta, long ttlMillis)
            throws StoreException {
        try {
            return call(() -> store.increment(index, page, variant, delta, ttlMillis));
        } catch (StoreException e) {
            if (e.isWrongValue()) {
                succeeded(); // Redis answered: the value was wrong, the store is fine
            }
            throw e;
        }
    }

    @Override
    public void deleteVariant(String page, String variant) throws StoreException {
        call(() -> {
            store.deleteVariant(page, variant);
            return null;
        });
    }

    @Override
    public void delete(String index, Collection<String> pages) throws StoreException {
        call(() -> {
            store.delete(index, pages);
            return null;
        });
    }

    /**
     * Remembers an eviction without calling Redis: for a request that has just found Redis not
     * answering, which should not wait for it a second time. It is applied as a failed one is,
     * before anything is read again.
     */
    @Override
    public void evictLater(String index, Collection<String> pages) {
        rememberEvictions(index, pages);
    }

    /** A failed eviction is remembered (and the failure still reported). */
    @Override
    public void evict(String index, Collection<String> pages) throws StoreException {
        try {
            call(() -> {
                store.evict(index, pages);
                return null;
            });
        } catch (StoreException e) {
            rememberEvictions(index, pages);
            throw e;
        }
        if (recent != null) {
            recent.pages(index, pages);
        }
    }

    @Override
    public void evictTaggedLater(String index, Collection<String> tagIndexes) {
        rememberTagEvictions(index, tagIndexes);
    }

    /** A failed eviction is remembered (and the failure still reported): see {@link #evict}. */
    @Override
    public List<String> evictTagged(String index, Collection<String> tagIndexes) throws StoreException {
        List<String> evicted;
        try {
            evicted = call(() -> store.evictTagged(index, tagIndexes));
        } catch (StoreException e) {
            rememberTagEvictions(index, tagIndexes);
            throw e;
        }
        if (recent != null) {
            recent.tagIndexes(index, tagIndexes);
            recent.pages(index, evicted); // a lost mark would leave them listed nowhere
        }
        return evicted;
    }

    @Override
    public void clear(String index, String pagePrefix) throws StoreException {
        try {
            call(() -> {
                store.clear(index, pagePrefix);
                return null;
            });
        } catch (StoreException e) {
            rememberClear(index, pagePrefix);
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (retries != null) {
                retries.shutdownNow();
            }
        }
        store.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
