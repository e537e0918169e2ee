package io.github.viewcache;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
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
    private final RenderStores renderStores;
    private final InFlight inFlight;

    /** @param inFlight counts the renders, which hand their pages to the store, for destroy() */
    PageReads(PageCache cache, RenderLocks locks, DeferredStores deferredStores, InFlight inFlight) {
        this.cache = cache;
        this.locks = locks;
        this.inFlight = inFlight;
        this.renderStores = new RenderStores(cache, locks, deferredStores);
        this.settings = cache.settings;
        this.stats = cache.stats;
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
        PageVisit visit = new PageVisit(request, response, path, cache.keys.page(path), variant, lookupSkipped);
        if (lookupSkipped != null) {
            stats.bypass(lookupSkipped);
            mark(response, "BYPASS", CacheStatus.bypass(lookupSkipped));
            render(visit, chain);
            return;
        }
        boolean head = request.getMethod().equals("HEAD");
        boolean collapse = !head && settings.lockTimeoutMs > 0;
        try {
            visit.found = cache.nearCopy(visit.page, variant);
            if (visit.found == null) {
                visit.found = collapse && !cache.likelyStored(visit.page) ? lookupOrLock(visit)
                        : cache.lookupStore(visit.page, variant, request);
            }
        } catch (StoreException e) {
            bypass(request, response, chain, "store-unavailable");
            return;
        }
        Lookup found = visit.found;
        if (found.isFresh()) {
            long ttl = ttlSeconds(found);
            hit(visit, found, found.near ? CacheStatus.nearHit(ttl) : CacheStatus.hit(ttl));
            return;
        }
        if (rendersAtOnce(visit)) {
            renderAtOnce(visit, chain, head);
            return;
        }
        if (collapse && visit.lockToken == null && !takeTurn(visit)) {
            return; // answered from what another request rendered, or from a stale entry
        }
        if (visit.lockToken == null && rendersAtOnce(visit)) {
            renderAtOnce(visit, chain, head);
            return;
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
     * The lookup of a page this server expects to miss: it takes the page's render lock in the
     * same round trip, unless the page holds an entry for the variant (then it is just read).
     */
    private Lookup lookupOrLock(PageVisit visit) throws StoreException {
        return lockAndRead(visit, PageCache.entryFields(visit.variant));
    }

    /**
     * One lock attempt that reads the page as well ({@link RenderLocks#tryLock}); a lock taken
     * goes to {@code visit.lockToken}.
     */
    private Lookup lockAndRead(PageVisit visit, List<String> unlessPresent) throws StoreException {
        long nearEpoch = cache.nearEpoch();
        List<String> fields = cache.lookupFields(visit.page, visit.variant, visit.request);
        RenderLocks.Attempt attempt = locks.tryLock(cache.keys.index(), visit.page, visit.lockVariant,
                settings.lockTimeoutMs, fields, unlessPresent);
        visit.lockToken = attempt.token;
        return cache.interpret(visit.page, visit.variant, visit.request, fields, attempt.values, nearEpoch);
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
    private boolean takeTurn(PageVisit visit) throws IOException {
        long deadline = System.nanoTime() + settings.lockTimeoutMs * 1_000_000L;
        boolean waited = false;
        while (true) {
            Lookup found;
            try {
                found = lockAndRead(visit, Collections.emptyList());
            } catch (StoreException e) {
                // No lock to be had (render without), or no re-read (render with it); either way
                // this request has waited for Redis once, and does not call it again to store.
                visit.storeUnreachable = true;
                return true;
            }
            if (found.isFresh()) {
                if (visit.lockToken != null) {
                    unlock(visit);
                }
                hit(visit, found, CacheStatus.collapsed(ttlSeconds(found)));
                return false;
            }
            visit.found = found;
            boolean plainLockOfPerVisitorPage = visit.lockToken != null && found.perVisitor
                    && visit.lockVariant.equals(visit.variant);
            if (visit.lockToken != null && (found.isPass() || plainLockOfPerVisitorPage)) {
                // The render waited for left a marker (nothing to collapse on), or the page turned
                // out to be kept per visitor after this lock was taken under its plain name, which
                // the other requests of this visitor's class do not wait on: let it go.
                unlock(visit);
            }
            if (rendersAtOnce(visit)) {
                return true;
            }
            if (plainLockOfPerVisitorPage) {
                continue; // and take the lock of this visitor's class, named by rendersAtOnce, at once
            }
            if (visit.lockToken != null) {
                return true;
            }
            if (found.isStaleWithin(settings.staleSeconds * 1000L) && allowsStale(found.entry)
                    && !renderStores.isStoring(visit.page, visit.variant)) {
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
                locks.awaitRelease(visit.page, visit.lockVariant, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    /**
     * Whether this request renders at once, without the render lock: when the lookup found a
     * hit-for-pass marker, or, for a page kept per visitor, when the request carries a session
     * (its page is its own: no other request could be answered from its render, and its render
     * need not wait for theirs). Any other request for a page kept per visitor takes the lock
     * of its own class of visitor ({@link PageVisit#lockVariant}).
     */
    private boolean rendersAtOnce(PageVisit visit) {
        Lookup found = visit.found;
        if (found.isPass()) {
            return true;
        }
        if (!found.perVisitor || visit.lockToken != null) {
            return false;
        }
        String visitorClass = cache.visitors.classOf(visit.request);
        if (Visitors.carriesSession(visitorClass)) {
            return true;
        }
        visit.lockVariant = visit.variant + '\u0000' + visitorClass;
        return false;
    }

    /**
     * A render without the lock ({@link #rendersAtOnce}); after a hit-for-pass marker it says
     * why the page was not stored last time in {@code Cache-Status}. It is stored if it may be.
     */
    private void renderAtOnce(PageVisit visit, FilterChain chain, boolean head) throws IOException, ServletException {
        stats.miss();
        mark(visit.response, "MISS", visit.passing() ? CacheStatus.forwarded(null, visit.found.pass.reason)
                : CacheStatus.miss());
        if (head) {
            chain.doFilter(visit.request, visit.response);
            return;
        }
        render(visit, chain);
    }

    /**
     * HEAD renders nothing to store, so it takes no lock; but a render of the page under way
     * (one that has answered and is being stored, say) is worth waiting for.
     */
    private boolean answeredAfterRender(PageVisit visit) throws IOException {
        try {
            if (locks.awaitRelease(visit.page, visit.lockVariant, settings.lockTimeoutMs)) {
                Lookup again = cache.lookup(visit.page, visit.variant, visit.request);
                if (again.isFresh()) {
                    hit(visit, again, CacheStatus.hit(ttlSeconds(again)));
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

    private void unlock(PageVisit visit) {
        locks.unlock(visit.page, visit.lockVariant, visit.lockToken);
        visit.lockToken = null;
    }

    /**
     * A miss: the page renders to the client while a copy is kept, then it is stored if it may
     * be. With {@code stale-if-error-seconds} and a stale entry at hand, the answer is held back
     * until it is known not to be a server error, which the stale entry then replaces.
     */
    private void render(PageVisit visit, FilterChain chain) throws IOException, ServletException {
        // Counted here, not for every request: only a render hands work to the store after it.
        inFlight.enter();
        try {
            renderCounted(visit, chain);
        } finally {
            inFlight.exit();
        }
    }

    private void renderCounted(PageVisit visit, FilterChain chain) throws IOException, ServletException {
        Lookup found = visit.found;
        boolean standIn = found != null && settings.staleIfErrorSeconds > 0
                && found.isStaleWithin(settings.staleIfErrorSeconds * 1000L) && allowsStale(found.entry);
        // A 304 is the application's answer to ViewCache, not to the client: held until known.
        RevalidatingRequest revalidating = Revalidation.applies(visit)
                ? new RevalidatingRequest(visit.request, found.entry) : null;
        HeldResponse held = standIn || revalidating != null ? new HeldResponse(visit.response, () -> { }, standIn)
                : null;
        CapturingResponse capture = new CapturingResponse(held != null ? held : visit.response,
                settings.maxEntryBytes, settings.keepSurrogateKey);
        VisitorReads reads = new VisitorReads(reason -> cache.refusals.wouldLog(visit.page, reason));
        TrackingRequest tracked = new TrackingRequest(revalidating != null ? revalidating : visit.request, capture,
                cache.visitors, settings.cacheNewSessions, reads);
        try {
            chain.doFilter(tracked, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            if (standIn && !held.releasedEarly()) {
                LOG.log(Level.WARNING, "The page " + visit.page + " failed; serving its stale copy", e);
                held.discard();
                stale(visit, found.entry, "stale-if-error");
                return;
            }
            if (held != null) {
                held.finish(); // what the application wrote before it failed, as without the hold
            }
            throw e;
        }
        if (held != null) {
            if (revalidating != null && !revalidating.withdrawn() && !held.releasedEarly()
                    && capture.getStatus() == 304) {
                renew(visit, capture, held);
                return;
            }
            if (standIn && held.isUnsentServerError()) {
                held.discard();
                stale(visit, found.entry, "stale-if-error");
                return;
            }
            held.finish();
        }
        if (!tracked.isAsyncStarted()) {
            String lockToken = visit.lockToken;
            visit.lockToken = null; // released by finishRender, after the store
            renderStores.finish(visit, tracked, capture, true, lockToken);
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
                renderStores.finish(visit, tracked, capture, false, lockToken);
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
                    locks.unlock(visit.page, visit.lockVariant, lockToken);
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

    private void hit(PageVisit visit, Lookup found, String cacheStatus) throws IOException {
        stats.hit();
        mark(visit.response, "HIT", cacheStatus);
        CachedResponseWriter.write(found.entry, visit.request, visit.response, found.nowMillis);
    }

    /**
     * The application answered the revalidation with 304: the client gets the stored page
     * with the 304's fields, and the entry is stored anew under the render lock (waiters are
     * answered from it), unless the 304 says it may not be kept.
     */
    private void renew(PageVisit visit, CapturingResponse notModified, HeldResponse held) throws IOException {
        long now = cache.now();
        CachedResponse stored = visit.found.entry;
        CachedResponse merged = Revalidation.renewed(stored, StoredHeaders.of(notModified), now);
        long lifetime = Revalidation.lifetimeMillis(settings, notModified.targetedLines(), merged, now);
        CachedResponse renewed = lifetime > 0 ? merged.expiringAt(now + lifetime) : merged;
        held.discard();
        stats.hit();
        mark(visit.response, "REVALIDATED", CacheStatus.revalidated(lifetime < 0 ? null : lifetime == 0 ? -1L : lifetime / 1000));
        String lockToken = visit.lockToken;
        visit.lockToken = null;
        try {
            CachedResponseWriter.write(renewed, visit.request, visit.response, now);
        } finally {
            try {
                if (lifetime >= 0 && !visit.storeUnreachable) {
                    // Its validator is the application's: it just answered a conditional request about it.
                    cache.store(visit.page, visit.variant, visit.generation(), renewed, Collections.<String>emptyList(),
                            null, Revalidation.keepMillis(settings.keepMillis(lifetime), lifetime, true),
                            visit.found.nowMillis);
                }
            } catch (StoreException e) {
                // counted as a Redis error by the store; the page is revalidated again next time
            } finally {
                if (lockToken != null) {
                    locks.unlock(visit.page, visit.lockVariant, lockToken);
                }
            }
        }
    }

    private void stale(PageVisit visit, CachedResponse entry, String why) throws IOException {
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

    /** As of the lookup, whose freshness was judged at that time too (one clock read per hit). */
    private static long ttlSeconds(Lookup found) {
        CachedResponse entry = found.entry;
        return entry.expiresAtMillis == 0 ? -1 : (entry.expiresAtMillis - found.nowMillis) / 1000;
    }

    private void bypass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String reason)
            throws IOException, ServletException {
        stats.bypass(reason);
        mark(response, "BYPASS", CacheStatus.bypass(reason));
        chain.doFilter(request, new TargetedCacheControl(response, settings.keepSurrogateKey)); // ViewCache's own field is not the client's
    }

    private static void mark(HttpServletResponse response, String xCache, String cacheStatus) {
        response.setHeader(ResponseCachingFilter.X_CACHE, xCache);
        response.setHeader(CacheStatus.HEADER, cacheStatus);
    }
}
