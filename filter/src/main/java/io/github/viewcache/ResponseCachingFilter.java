package io.github.viewcache;

import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Caches the responses to GET requests in Redis (or in memory) and answers later GET and
 * HEAD requests for the same page from there.
 *
 * <p>Declare it in web.xml over the slow pages; every init-param is optional:
 * <pre>{@code
 * <filter>
 *   <filter-name>viewcache</filter-name>
 *   <filter-class>io.github.viewcache.ResponseCachingFilter</filter-class>
 *   <init-param><param-name>timeout</param-name><param-value>300</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>viewcache</filter-name>
 *   <url-pattern>/books/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <table>
 * <caption>Init-params</caption>
 * <tr><th>name</th><th>default</th><th>meaning</th></tr>
 * <tr><td>timeout</td><td>300</td><td>seconds an entry lives; 0 = no expiry</td></tr>
 * <tr><td>key-prefix</td><td>view/</td><td>prepended to the path: {@code /books} is {@code view//books}</td></tr>
 * <tr><td>query-string</td><td>include</td><td>{@code include}: one entry per canonical query
 *     string; {@code ignore}: one entry per path</td></tr>
 * <tr><td>cacheable-statuses</td><td>200</td><td>comma-separated statuses that are stored</td></tr>
 * <tr><td>max-entry-bytes</td><td>1048576</td><td>larger bodies pass through unstored</td></tr>
 * <tr><td>max-variants</td><td>100</td><td>stored query-string variants per page</td></tr>
 * <tr><td>store</td><td>redis</td><td>{@code redis}, {@code memory} or {@code none}</td></tr>
 * <tr><td>memory-max-bytes</td><td>67108864</td><td>size bound of {@code store=memory}</td></tr>
 * <tr><td>redis-url</td><td>redis://localhost:6379</td><td>{@code redis://} or {@code rediss://},
 *     with user, password and database</td></tr>
 * <tr><td>redis-timeout-ms</td><td>1000</td><td>bounds connecting, every command and waiting for
 *     a pooled connection</td></tr>
 * <tr><td>redis-pool-size</td><td>64</td><td>connections per Redis URL, shared by all filters</td></tr>
 * <tr><td>evict-on-write</td><td>true</td><td>a 2xx/3xx POST, PUT, PATCH or DELETE evicts its path and
 *     its same-origin Location and Content-Location</td></tr>
 * <tr><td>evict-parents</td><td>true</td><td>such a write also evicts the collections above it</td></tr>
 * <tr><td>evict-rules</td><td>none</td><td>lines {@code METHOD /path/* -> /target/*, /other}</td></tr>
 * <tr><td>key-headers</td><td>none</td><td>request headers whose values join the key (else a
 *     request carrying a poisoning header such as X-Forwarded-Host bypasses the cache)</td></tr>
 * <tr><td>store-personalized</td><td>false</td><td>store pages that read the session, user or cookies</td></tr>
 * <tr><td>honor-cache-control</td><td>true</td><td>s-maxage, max-age, Expires shorten the timeout</td></tr>
 * <tr><td>gzip</td><td>auto</td><td>{@code auto}: compressible entries stored gzipped; {@code off}</td></tr>
 * <tr><td>gzip-min-bytes</td><td>1024</td><td>smaller bodies are not compressed</td></tr>
 * <tr><td>exclude-paths</td><td>none</td><td>{@code /exact}, {@code /prefix/*}, {@code *.ext}: left alone</td></tr>
 * </table>
 *
 * <p>Each can be overridden without editing web.xml: system property {@code viewcache.<name>}
 * wins, then environment variable {@code VIEWCACHE_<NAME>} ({@code -} as {@code _}), then the
 * init-param. A bad value or an unknown init-param fails {@code init()} with a message
 * naming it.
 *
 * <p>It follows RFC 9111 for a shared cache: responses marked {@code no-store}, {@code private}
 * or {@code no-cache}, with cookies or {@code Vary: *}, and pages whose rendering read the
 * session, user or cookies are not stored; a hit answers conditional, HEAD and range requests.
 * Map it for the REQUEST and ASYNC dispatcher types, async-supported.
 *
 * <p>Every response it handles carries {@code X-Cache: HIT}, {@code MISS} or {@code BYPASS} and
 * an RFC 9211 {@code Cache-Status}.
 * If the store cannot be reached, pages are served uncached; the filter never turns a Redis
 * problem into an error page. Successful writes through the filter evict the pages they make
 * stale before their answer reaches the client; the application can also evict pages, and
 * keep values and memoized results, through {@link ViewCache}.
 */
public class ResponseCachingFilter implements Filter {

    /** Response header saying how the filter answered: {@code HIT}, {@code MISS} or {@code BYPASS}. */
    public static final String X_CACHE = "X-Cache";

    private static final Logger LOG = Logger.getLogger(ResponseCachingFilter.class.getName());

    private ServletContext context;
    private PageCache cache;
    private FilterStats stats;
    private String filteredAttribute;

    @Override
    public void init(FilterConfig config) throws ServletException {
        String name = config.getFilterName();
        FilterSettings settings;
        try {
            settings = FilterSettings.parse(SettingsSource.of(config));
        } catch (IllegalArgumentException e) {
            throw new ServletException("ViewCache [" + name + "]: " + e.getMessage(), e);
        }
        context = config.getServletContext();
        stats = new FilterStats();
        cache = new PageCache(name, settings, StoreFactory.open(settings, Clock.SYSTEM, name, stats), Clock.SYSTEM,
                stats);
        stats.register(context.getContextPath(), name);
        filteredAttribute = ResponseCachingFilter.class.getName() + "." + name + ".FILTERED";
        ViewCache.register(context, cache);
        LOG.info("ViewCache [" + name + "] initialized: " + settings.summary());
    }

    @Override
    public void destroy() {
        if (cache != null) {
            ViewCache.unregister(context, cache);
            stats.unregister();
            cache.close();
            cache = null;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
                || req.getDispatcherType() != DispatcherType.REQUEST
                || req.getAttribute(filteredAttribute) != null) {
            chain.doFilter(req, res);
            return;
        }
        req.setAttribute(filteredAttribute, Boolean.TRUE);
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = CacheKeys.pathOf(request);
        if (cache.settings.excludePaths.matches(path)) {
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        if (WriteEvictions.isWrite(method)) {
            write(request, response, chain, path);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            bypass(request, response, chain, "method");
            return;
        }
        String unsafe = RequestChecks.bypassReason(request, cache.settings);
        if (unsafe != null) {
            bypass(request, response, chain, unsafe);
            return;
        }
        String variant = cache.keys.variant(request);
        if (variant == null) {
            bypass(request, response, chain, "query");
            return;
        }
        String page = cache.keys.page(path);
        // RFC 9111 3.5: an authenticated request is never answered from the shared cache; its
        // response is stored only if it says public or s-maxage.
        String lookupSkipped = request.getHeader("Authorization") != null ? "authorization" : null;
        String generation = null;
        if (lookupSkipped == null) {
            Lookup found;
            try {
                found = cache.lookup(page, variant, request);
            } catch (StoreException e) {
                bypass(request, response, chain, "store-unavailable");
                return;
            }
            generation = found.generation;
            long now = cache.now();
            if (found.isFresh()) {
                CachedResponse entry = found.entry;
                stats.hit();
                response.setHeader(X_CACHE, "HIT");
                response.setHeader(CacheStatus.HEADER, CacheStatus.hit(
                        entry.expiresAtMillis == 0 ? -1 : (entry.expiresAtMillis - now) / 1000));
                CachedResponseWriter.write(entry, request, response, now);
                return;
            }
            stats.miss();
            response.setHeader(X_CACHE, "MISS");
            response.setHeader(CacheStatus.HEADER, CacheStatus.miss());
        } else {
            stats.bypass(lookupSkipped);
            response.setHeader(X_CACHE, "BYPASS");
            response.setHeader(CacheStatus.HEADER, CacheStatus.bypass(lookupSkipped));
        }
        if (method.equals("HEAD")) {
            // A HEAD response has no body to store; the next GET fills the entry HEAD reads.
            chain.doFilter(request, response);
            return;
        }
        render(request, response, chain, page, variant, generation, lookupSkipped);
    }

    /** A miss: the page renders to the client while a copy is kept, then it is stored if it may be. */
    private void render(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                        String page, String variant, String generation, String lookupSkipped)
            throws IOException, ServletException {
        CapturingResponse capture = new CapturingResponse(response, cache.settings.maxEntryBytes);
        TrackingRequest tracked = new TrackingRequest(request, capture);
        chain.doFilter(tracked, capture);
        if (!tracked.isAsyncStarted()) {
            finishRender(tracked, response, capture, page, variant, generation, lookupSkipped);
            return;
        }
        AsyncContext async = tracked.getAsyncContext();
        if (!writesThrough(async.getResponse(), capture)) {
            return; // the application went async with other objects: no reliable copy to store
        }
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                finishRender(tracked, response, capture, page, variant, generation, lookupSkipped);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
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
     * @param generation the page's generation before it rendered: the store is refused if a
     *        write evicted the page meanwhile, so a render that began before the write never
     *        brings its older page back; {@code null} when the page was not looked up (an
     *        authorized request whose answer may be public), stored without that check
     */
    private void finishRender(TrackingRequest tracked, HttpServletResponse response, CapturingResponse capture,
                              String page, String variant, String generation, String lookupSkipped) {
        long now = cache.now();
        StoreDecision decision = StoreDecision.of(cache.settings, tracked, tracked, capture, now);
        String refusal = decision.refusal;
        if (refusal == null) {
            try {
                boolean stored = cache.store(page, variant, generation,
                        CapturedEntry.of(capture, cache.settings, now, decision.lifetimeMillis),
                        decision.vary, decision.lifetimeMillis, tracked);
                if (stored) {
                    stats.stored();
                } else {
                    refusal = "evicted-while-rendering";
                }
            } catch (StoreException e) {
                refusal = "store-unavailable";
            }
        }
        if (!response.isCommitted()) {
            response.setHeader(CacheStatus.HEADER, CacheStatus.forwarded(lookupSkipped, refusal));
        }
    }

    /**
     * Runs a POST, PUT, PATCH or DELETE and, if it succeeded, evicts the pages it made stale
     * before its answer reaches the client; if the answer went out early (a large body, a
     * flush), they are evicted again once the application returns.
     */
    private void write(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws IOException, ServletException {
        stats.bypass("method");
        response.setHeader(X_CACHE, "BYPASS");
        response.setHeader(CacheStatus.HEADER, CacheStatus.bypass("method"));
        WriteResponse held = new WriteResponse(response, () -> evictAfterWrite(request, response, path));
        chain.doFilter(request, held);
        boolean early = held.releasedEarly();
        held.finish();
        if (early) {
            evictAfterWrite(request, response, path);
        }
    }

    private void evictAfterWrite(HttpServletRequest request, HttpServletResponse response, String path) {
        Set<String> stale = WriteEvictions.of(cache.settings, request, path, response);
        if (!stale.isEmpty()) {
            ViewCache.from(context).evictAll(stale);
        }
    }

    private void bypass(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                        String reason) throws IOException, ServletException {
        stats.bypass(reason);
        response.setHeader(X_CACHE, "BYPASS");
        response.setHeader(CacheStatus.HEADER, CacheStatus.bypass(reason));
        chain.doFilter(request, response);
    }

}
