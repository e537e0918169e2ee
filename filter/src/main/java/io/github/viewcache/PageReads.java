package io.github.viewcache;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * GET and HEAD through the filter: answered from the cache when it can, else rendered (once,
 * while the other requests for the same page wait for it) and stored if it may be.
 */
final class PageReads {

    private static final Logger LOG = Logger.getLogger(PageReads.class.getName());

    private final PageCache cache;
    private final RenderLocks locks;
    private final FilterSettings settings;
    private final FilterStats stats;
    private final DeferredStores deferredStores;
    /**
     * The page variants whose render has answered and is being stored from this JVM. Their
     * stale copy is not served meanwhile: a client that just got the new page must not get the
     * old one from the same server next.
     */
    private final Set<String> storing = ConcurrentHashMap.newKeySet();

    PageReads(PageCache cache, RenderLocks locks, DeferredStores deferredStores) {
        this.cache = cache;
        this.locks = locks;
        this.deferredStores = deferredStores;
        this.settings = cache.settings;
        this.stats = cache.stats;
    }

    /** One page request in flight: its keys, what the lookup found, and the render lock it holds. */
    private static final class Visit {
        final HttpServletRequest request;
        final HttpServletResponse response;
        final String page;
        final String variant;
        /** Why the cache was not consulted ({@code authorization}), or {@code null}. */
        final String lookupSkipped;
        Lookup found;
        String lockToken;

        Visit(HttpServletRequest request, HttpServletResponse response, String page, String variant,
              String lookupSkipped) {
            this.request = request;
            this.response = response;
            this.page = page;
            this.variant = variant;
            this.lookupSkipped = lookupSkipped;
        }

        String generation() {
            return found == null ? null : found.generation;
        }
    }

    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        String unsafe = RequestChecks.bypassReason(request, settings);
        if (unsafe != null) {
            bypass(request, response, chain, unsafe);
            return;
        }
        String variant = cache.keys.variant(request);
        if (variant == null) {
            bypass(request, response, chain, "query");
            return;
        }
        // RFC 9111 3.5: an authenticated request is never answered from the shared cache; its
        // response is stored only if it says public or s-maxage.
        String lookupSkipped = request.getHeader("Authorization") != null ? "authorization" : null;
        Visit visit = new Visit(request, response, cache.keys.page(path), variant, lookupSkipped);
        if (lookupSkipped != null) {
            stats.bypass(lookupSkipped);
            mark(response, "BYPASS", CacheStatus.bypass(lookupSkipped));
            render(visit, chain);
            return;
        }
        try {
            visit.found = cache.lookup(visit.page, variant, request);
        } catch (StoreException e) {
            bypass(request, response, chain, "store-unavailable");
            return;
        }
        if (visit.found.isFresh()) {
            String status = CacheStatus.hit(ttlSeconds(visit.found.entry));
            hit(visit, visit.found.entry, visit.found.near ? status + "; detail=near" : status);
            return;
        }
        boolean head = request.getMethod().equals("HEAD");
        if (!head && settings.lockTimeoutMs > 0 && !takeTurn(visit)) {
            return; // answered from what another request rendered, or from a stale entry
        }
        if (head && settings.lockTimeoutMs > 0 && answeredAfterRender(visit)) {
            return;
        }
        try {
            stats.miss();
            mark(response, "MISS", CacheStatus.miss());
            if (head) {
                // A HEAD response has no body to store; the next GET fills the entry HEAD reads.
                chain.doFilter(request, response);
                return;
            }
            render(visit, chain);
        } finally {
            if (visit.lockToken != null) {
                unlock(visit);
            }
        }
    }

    /**
     * Stampede protection: takes the page's render lock, or, when another request (here or on
     * another server) holds it, answers from the stale entry at once if there is one
     * ({@code stale-seconds}), else waits for that render, woken when it ends, and tries again.
     * Each attempt reads the page too, so a render that landed meanwhile answers this request.
     *
     * @return whether this request should go on to render the page itself (with the lock, unless
     *         none could be had within {@code lock-timeout-ms})
     */
    private boolean takeTurn(Visit visit) throws IOException {
        long deadline = System.nanoTime() + settings.lockTimeoutMs * 1_000_000L;
        boolean waited = false;
        while (true) {
            Lookup found;
            try {
                long nearEpoch = cache.nearEpoch();
                List<String> fields = cache.lookupFields(visit.page, visit.variant, visit.request);
                RenderLocks.Attempt attempt = locks.tryLock(cache.keys.index(), visit.page, visit.variant,
                        settings.lockTimeoutMs, fields);
                visit.lockToken = attempt.token;
                found = cache.interpret(visit.page, visit.variant, visit.request, fields, attempt.values, nearEpoch);
            } catch (StoreException e) {
                return true; // no lock to be had (render without), or no re-read (render with it)
            }
            if (found.isFresh()) {
                if (visit.lockToken != null) {
                    unlock(visit);
                }
                hit(visit, found.entry, CacheStatus.collapsed(ttlSeconds(found.entry)));
                return false;
            }
            visit.found = found;
            if (visit.lockToken != null) {
                return true;
            }
            if (found.isStaleWithin(settings.staleSeconds * 1000L) && allowsStale(found.entry)
                    && !storing.contains(storingKey(visit.page, visit.variant))) {
                stale(visit, found.entry, "stale-while-revalidate");
                return false;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return true; // the render we waited for hangs: render without the lock
            }
            if (!waited) {
                stats.lockWait();
                waited = true;
            }
            try {
                locks.awaitRelease(visit.page, visit.variant, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    /**
     * HEAD renders nothing to store, so it takes no lock; but a render of the page under way
     * (one that has answered and is being stored, say) is worth waiting for.
     */
    private boolean answeredAfterRender(Visit visit) throws IOException {
        try {
            if (locks.awaitRelease(visit.page, visit.variant, settings.lockTimeoutMs)) {
                Lookup again = cache.lookup(visit.page, visit.variant, visit.request);
                if (again.isFresh()) {
                    hit(visit, again.entry, CacheStatus.hit(ttlSeconds(again.entry)));
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            // answer it uncached
        }
        return false;
    }

    private void unlock(Visit visit) {
        locks.unlock(visit.page, visit.variant, visit.lockToken);
        visit.lockToken = null;
    }

    /**
     * A miss: the page renders to the client while a copy is kept, then it is stored if it may
     * be. With {@code stale-if-error-seconds} and a stale entry at hand, the answer is held back
     * until it is known not to be a server error, which the stale entry then replaces.
     */
    private void render(Visit visit, FilterChain chain) throws IOException, ServletException {
        Lookup found = visit.found;
        boolean standIn = found != null && settings.staleIfErrorSeconds > 0
                && found.isStaleWithin(settings.staleIfErrorSeconds * 1000L) && allowsStale(found.entry);
        HeldResponse held = standIn ? new HeldResponse(visit.response, () -> { }, true) : null;
        CapturingResponse capture = new CapturingResponse(held != null ? held : visit.response,
                settings.maxEntryBytes);
        TrackingRequest tracked = new TrackingRequest(visit.request, capture);
        try {
            chain.doFilter(tracked, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            if (held != null && !held.releasedEarly()) {
                LOG.log(Level.WARNING, "The page " + visit.page + " failed; serving its stale copy", e);
                held.discard();
                stale(visit, found.entry, "stale-if-error");
                return;
            }
            throw e;
        }
        if (held != null) {
            if (held.isUnsentServerError()) {
                held.discard();
                stale(visit, found.entry, "stale-if-error");
                return;
            }
            held.finish();
        }
        if (!tracked.isAsyncStarted()) {
            String lockToken = visit.lockToken;
            visit.lockToken = null; // released by finishRender, after the store
            finishRender(visit, tracked, capture, true, lockToken);
            return;
        }
        AsyncContext async = tracked.getAsyncContext();
        if (!writesThrough(async.getResponse(), capture)) {
            return; // the application went async with other objects: no reliable copy to store
        }
        // The render ends when the async response completes: the lock goes with it.
        String lockToken = visit.lockToken;
        visit.lockToken = null;
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) throws IOException {
                finishRender(visit, tracked, capture, false, lockToken);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                release();
            }

            @Override
            public void onError(AsyncEvent event) {
                release();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }

            private void release() {
                if (lockToken != null) {
                    locks.unlock(visit.page, visit.variant, lockToken);
                }
            }
        });
    }

    private static boolean writesThrough(ServletResponse response, CapturingResponse capture) {
        for (ServletResponse r = response; r != null;
             r = r instanceof ServletResponseWrapper ? ((ServletResponseWrapper) r).getResponse() : null) {
            if (r == capture) {
                return true;
            }
        }
        return false;
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
     * lock-timeout-ms=0}) stores first, so that the next request finds its entry. {@code Cache-Status} therefore says {@code stored} when the entry goes to the
     * store; a store refused after that, because a write evicted the page during the render,
     * counts in {@code StoresRefused} (JMX).
     *
     * @param lockToken the render lock, which this now releases (after the store)
     */
    private void finishRender(Visit visit, TrackingRequest tracked, CapturingResponse capture, boolean answerFirst,
                              String lockToken) throws IOException {
        String page = visit.page;
        String variant = visit.variant;
        boolean handedOver = false;
        IOException clientGone = null;
        try {
            long now = cache.now();
            StoreDecision decision = StoreDecision.of(settings, tracked, tracked, capture, now);
            String refusal = decision.refusal;
            if (!visit.response.isCommitted()) {
                visit.response.setHeader(CacheStatus.HEADER, CacheStatus.forwarded(visit.lookupSkipped, refusal));
            }
            if (refusal != null) {
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
            CachedResponse entry = CapturedEntry.of(capture, settings, now, decision.lifetimeMillis);
            String variedField = decision.vary.isEmpty() ? null : CacheKeys.varied(variant, decision.vary, tracked);
            String generation = visit.generation();
            String storingKey = storingKey(page, variant);
            storing.add(storingKey);
            Runnable store = () -> {
                try {
                    if (cache.store(page, variant, generation, entry, decision.vary, variedField,
                            settings.keepMillis(decision.lifetimeMillis))) {
                        stats.stored();
                    } else {
                        stats.storeRefused();
                    }
                } catch (StoreException e) {
                    // counted as a Redis error by the store; the page is simply rendered again next time
                } finally {
                    storing.remove(storingKey);
                    if (lockToken != null) {
                        locks.unlock(page, variant, lockToken);
                    }
                }
            };
            handedOver = true;
            if (deferred) {
                deferredStores.submit(store);
            } else {
                store.run();
            }
        } finally {
            if (!handedOver && lockToken != null) {
                locks.unlock(page, variant, lockToken);
            }
        }
        if (clientGone != null) {
            throw clientGone;
        }
    }

    private static String storingKey(String page, String variant) {
        return page + '\u0000' + variant;
    }

    private void hit(Visit visit, CachedResponse entry, String cacheStatus) throws IOException {
        stats.hit();
        mark(visit.response, "HIT", cacheStatus);
        CachedResponseWriter.write(entry, visit.request, visit.response, cache.now());
    }

    private void stale(Visit visit, CachedResponse entry, String why) throws IOException {
        stats.hit();
        long now = cache.now();
        mark(visit.response, "STALE", CacheStatus.stale((entry.expiresAtMillis - now) / 1000, why));
        CachedResponseWriter.write(entry, visit.request, visit.response, now);
    }

    /** RFC 9111 4.2.4: never serve stale what says must-revalidate, proxy-revalidate or s-maxage. */
    private static boolean allowsStale(CachedResponse entry) {
        CacheControl directives = CacheControl.parse(entry.headerValues("Cache-Control"));
        return !directives.has("must-revalidate") && !directives.has("proxy-revalidate")
                && !directives.has("s-maxage") && !directives.has("no-cache");
    }

    private long ttlSeconds(CachedResponse entry) {
        return entry.expiresAtMillis == 0 ? -1 : (entry.expiresAtMillis - cache.now()) / 1000;
    }

    private void bypass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String reason)
            throws IOException, ServletException {
        stats.bypass(reason);
        mark(response, "BYPASS", CacheStatus.bypass(reason));
        chain.doFilter(request, response);
    }

    private static void mark(HttpServletResponse response, String xCache, String cacheStatus) {
        response.setHeader(ResponseCachingFilter.X_CACHE, xCache);
        response.setHeader(CacheStatus.HEADER, cacheStatus);
    }
}
