package io.github.viewcache;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
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
 * <tr><td>redis-retry-ms</td><td>2000</td><td>after 3 failures in a row, Redis is left alone this long</td></tr>
 * <tr><td>lock-timeout-ms</td><td>15000</td><td>concurrent misses render once; the others wait at
 *     most this long (0: off)</td></tr>
 * <tr><td>stale-seconds</td><td>0</td><td>serve an expired entry this long while one request refreshes it</td></tr>
 * <tr><td>stale-if-error-seconds</td><td>0</td><td>serve an expired entry this long instead of a failing render</td></tr>
 * <tr><td>near-cache-ms</td><td>0</td><td>keep read entries in-process this long (0: off)</td></tr>
 * <tr><td>near-cache-max-bytes</td><td>16777216</td><td>size bound of the near cache</td></tr>
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
 * <p>Every response it handles carries {@code X-Cache: HIT}, {@code STALE}, {@code MISS} or
 * {@code BYPASS} and an RFC 9211 {@code Cache-Status}. A miss that renders under the page's
 * render lock is answered in full before it is stored: the store runs on a background thread
 * while the lock makes other requests for the page wait for it, so no client waits for Redis
 * to take an entry. If the store cannot be reached, pages are served uncached; the filter
 * never turns a Redis problem into an error page. Successful writes through the filter evict
 * the pages they make stale before their answer reaches the client; the application can also
 * evict pages, and keep values and memoized results, through {@link ViewCache}.
 */
public class ResponseCachingFilter implements Filter {

    /**
     * Response header saying how the filter answered: {@code HIT}, {@code STALE}, {@code MISS} or
     * {@code BYPASS}.
     */
    public static final String X_CACHE = "X-Cache";

    private static final Logger LOG = Logger.getLogger(ResponseCachingFilter.class.getName());

    /** How long {@code destroy()} lets requests inside the filter finish. */
    private static final long DRAIN_MILLIS = 5000;

    private final Clock clock;
    private ServletContext context;
    private PageCache cache;
    private RenderLocks locks;
    private DeferredStores deferredStores;
    private final InFlight inFlight = new InFlight();
    private PageReads reads;
    private PageWrites writes;
    private String filteredAttribute;

    /** The filter containers instantiate from web.xml. */
    public ResponseCachingFilter() {
        this(Clock.SYSTEM);
    }

    /** For tests that move time. */
    ResponseCachingFilter(Clock clock) {
        this.clock = clock;
    }

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
        FilterStats stats = new FilterStats();
        Store store = StoreFactory.open(settings, clock, name, stats);
        cache = new PageCache(name, settings, store, clock, stats, StoreFactory.openNearCache(settings),
                sessionCookieName(context));
        locks = StoreFactory.openLocks(settings, store);
        deferredStores = new DeferredStores(name);
        reads = new PageReads(cache, locks, deferredStores, inFlight);
        writes = new PageWrites(cache, context);
        ServletContext application = context;
        stats.register(context.getContextPath(), name, () -> ViewCache.from(application));
        filteredAttribute = ResponseCachingFilter.class.getName() + "." + name + ".FILTERED";
        ViewCache.register(context, cache);
        LOG.info("ViewCache [" + name + "] initialized: " + settings.summary());
    }

    /** The name the container gives its session cookie here, which anonymous pages must not carry. */
    private static String sessionCookieName(ServletContext context) {
        try {
            return context.getSessionCookieConfig().getName();
        } catch (RuntimeException e) {
            return null; // a context that keeps no sessions: the default name is still looked for
        }
    }

    @Override
    public void destroy() {
        if (cache != null) {
            ViewCache.unregister(context, cache);
            cache.stats.unregister();
            try {
                if (!inFlight.awaitIdle(DRAIN_MILLIS)) {
                    LOG.warning("ViewCache [" + cache.name + "]: requests still inside the filter at shutdown;"
                            + " their pages may not be stored");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deferredStores.close();
            locks.close();
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
        // Marked on its way down the chain only: a request answered here (a hit) cannot come back
        // through this filter, and the first attribute of a request costs Jetty 12 a map (3% of a
        // near-cache hit's time in a profile).
        FilterChain onward = (onwardRequest, onwardResponse) -> {
            req.setAttribute(filteredAttribute, Boolean.TRUE);
            chain.doFilter(onwardRequest, onwardResponse);
        };
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = CacheKeys.pathOf(request);
        String method = request.getMethod();
        // Excluded means "do not cache here", not "ignore writes here": a write under an excluded
        // path still evicts what it makes stale, so one filter on /* with exclusions is enough.
        boolean excluded = cache.settings.excludePaths.matches(path);
        boolean read = method.equals("GET") || method.equals("HEAD"); // first: a hit asks nothing more
        if (!read && WriteEvictions.isWrite(method)) {
            inFlight.enter();
            try {
                writes.handle(request, response, onward, path, !excluded);
            } finally {
                inFlight.exit();
            }
        } else if (excluded) {
            onward.doFilter(request, response);
        } else if (read) {
            reads.handle(request, response, onward, path);
        } else {
            cache.stats.bypass("method");
            response.setHeader(X_CACHE, "BYPASS");
            response.setHeader(CacheStatus.HEADER, CacheStatus.bypass("method"));
            onward.doFilter(request, response);
        }
    }
}
