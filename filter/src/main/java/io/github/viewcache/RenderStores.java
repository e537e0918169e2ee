package io.github.viewcache;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What becomes of a finished render: the decision to store it, its answer completed, its store
 * and the release of its render lock, in the order that keeps the client off the store's clock
 * and the other requests off stale or doubled work.
 */
final class RenderStores {

    private final PageCache cache;
    private final RenderLocks locks;
    private final DeferredStores deferredStores;
    private final FilterSettings settings;
    private final FilterStats stats;
    /**
     * The page variants whose render has answered and is being stored from this JVM. Their
     * stale copy is not served meanwhile: a client that just got the new page must not get the
     * old one from the same server next.
     */
    private final Set<String> storing = ConcurrentHashMap.newKeySet();

    RenderStores(PageCache cache, RenderLocks locks, DeferredStores deferredStores) {
        this.cache = cache;
        this.locks = locks;
        this.deferredStores = deferredStores;
        this.settings = cache.settings;
        this.stats = cache.stats;
    }

    /** Whether a render of this page variant has answered here and its store has not landed. */
    boolean isStoring(String page, String variant) {
        return storing.contains(storingKey(page, variant));
    }

    /**
     * Stores the render unless a rule refuses it, or a write evicted the page since it was
     * looked up (then the render may predate the write).
     *
     * <p>A render that holds the lock gets its whole answer first ({@code answerFirst}) and the
     * store runs off the request thread ({@link DeferredStores}): storing is the cache's
     * business, not the client's. The lock is held until the store has landed, so a request for
     * the same page that comes meanwhile waits for it and is answered from it instead of
     * rendering again. A render without the lock (an authorized request, {@code
     * lock-timeout-ms=0}) stores first, so that the next request finds its entry.
     *
     * <p>{@code Cache-Status} therefore says {@code stored} when the entry goes to the store; a
     * store refused after that, because a write evicted the page during the render, counts in
     * {@code StoresRefused} (JMX).
     *
     * @param answerFirst whether the answer may be completed here (not for an async response,
     *        which completed already)
     * @param lockToken the render lock, or {@code null}; released here, after the store
     */
    void finish(PageVisit visit, TrackingRequest tracked, CapturingResponse capture, boolean answerFirst,
                              String lockToken) throws IOException {
        String page = visit.page;
        String variant = visit.variant;
        String lockVariant = visit.lockVariant;
        boolean handedOver = false;
        IOException clientGone = null;
        try {
            long now = cache.now();
            StoreDecision decision = StoreDecision.of(settings, tracked, tracked, capture, now, cache.visitors);
            String refusal = visit.storeUnreachable ? "store-unavailable" : decision.refusal;
            if (!visit.response.isCommitted()) {
                visit.response.setHeader(CacheStatus.HEADER, CacheStatus.forwarded(visit.lookupSkipped, refusal));
            }
            if (visit.storeUnreachable) {
                return; // counted as a Redis error already; no marker either: that is a Redis call
            }
            if (refusal != null) {
                stats.notStored(refusal);
                cache.refusals.refused(page, visit.path, refusal, tracked.reads().explain(refusal));
                handedOver = markPass(visit, tracked, capture, refusal, now, lockToken);
                return;
            }
            // Only a render holding the lock answers first: the lock is what makes a request for
            // the page that comes before the store lands wait for it instead of rendering again.
            boolean deferred = answerFirst && lockToken != null;
            if (deferred) {
                try {
                    capture.complete();
                } catch (IOException e) {
                    clientGone = e; // the copy is whole all the same: the application wrote all of it
                }
            }
            CachedResponse entry = CapturedEntry.of(capture, settings, now, decision.lifetimeMillis,
                    decision.dropExpires, decision.initialAgeMillis);
            String variedField = decision.vary.isEmpty() ? null : cache.keys.varied(variant, decision.vary, visit.request);
            String generation = visit.generation();
            long renderStarted = visit.found == null ? Long.MAX_VALUE : visit.found.nowMillis;
            long keep = Revalidation.keepMillis(settings.keepMillis(decision.lifetimeMillis), decision.lifetimeMillis,
                    capture.containsHeader("ETag") || capture.containsHeader("Last-Modified"));
            String storingKey = storingKey(page, variant);
            storing.add(storingKey);
            Runnable store = () -> {
                try {
                    if (cache.store(page, variant, generation, entry, decision.vary, variedField, keep,
                            renderStarted)) {
                        stats.stored();
                    } else {
                        stats.storeRefused();
                    }
                } catch (StoreException e) {
                    // counted as a Redis error by the store; the page is simply rendered again next time
                } finally {
                    if (lockToken != null) {
                        locks.unlock(page, lockVariant, lockToken);
                    }
                    // Only now: while the lock is held, a request that finds it held must not
                    // take this finished render for a refresh under way and be served stale.
                    storing.remove(storingKey);
                }
            };
            handedOver = true;
            if (deferred) {
                deferredStores.submit(store, entry.bodyLength() + 1024L);
            } else {
                store.run();
            }
        } finally {
            if (!handedOver && lockToken != null) {
                locks.unlock(page, lockVariant, lockToken);
            }
        }
        if (clientGone != null) {
            throw clientGone;
        }
    }

    /**
     * Leaves a hit-for-pass marker where the entry would have gone, off the request thread, and
     * releases the render lock only once it has landed: requests that waited for this render
     * then find the marker and render at once, as every later one does, instead of queueing
     * for a page that will not be stored. Not for a request that skipped the lookup (it tells
     * nothing about the page's other requests), nor when the lookup found a marker in force.
     *
     * @return whether the lock went with the marker's store
     */
    private boolean markPass(PageVisit visit, TrackingRequest tracked, CapturingResponse capture, String refusal,
                             long now, String lockToken) {
        if (visit.lookupSkipped != null || visit.passing()) {
            return false;
        }
        PassMarker marker = new PassMarker(refusal, now + PassMarker.lifetimeMillis(settings.timeoutMillis()));
        List<String> vary = StoreDecision.keyOfRefused(settings, tracked, capture);
        String variedField = vary.isEmpty() ? null : cache.keys.varied(visit.variant, vary, visit.request);
        String page = visit.page;
        String variant = visit.variant;
        String lockVariant = visit.lockVariant;
        String generation = visit.generation();
        deferredStores.submit(() -> {
            try {
                cache.storePass(page, variant, generation, marker, vary, variedField);
            } catch (StoreException e) {
                // counted as a Redis error by the store; without a marker, the next request takes the lock
            } finally {
                if (lockToken != null) {
                    locks.unlock(page, lockVariant, lockToken);
                }
            }
        }, 256L);
        return true;
    }

    private static String storingKey(String page, String variant) {
        return page + '\u0000' + variant;
    }
}
