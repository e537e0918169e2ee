package io.github.viewcache;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.ServletContext;

/**
 * The application's handle on what ViewCache keeps: the pages its
 * {@link ResponseCachingFilter}s cache, values, and memoized functions. Flask-Caching's
 * {@code cache} object, for Java.
 *
 * <pre>{@code
 * ViewCache cache = ViewCache.from(getServletContext());
 * books.add(book);
 * cache.evict("/books");                                   // pages
 * cache.set("greeting", "hello", 60);                       // values
 * BiFunction<Integer, Integer, Integer> add =
 *         cache.memoize("heavy_func", 300, Integer.class, (Integer a, Integer b) -> a + b);
 * cache.deleteMemoized("heavy_func");                       // memoized results
 * }</pre>
 *
 * <p>In a web application one instance covers every filter declaration: page evictions and
 * {@link #clear()} reach them all, while values and memoized results live in the namespace
 * (key prefix and store) of the filter initialised first. Outside a container,
 * {@link #connect(String, String)} gives the same API over a Redis URL, so a batch job can
 * invalidate what the web application caches.
 *
 * <p>A Redis fault never becomes an exception here: reads miss, writes return {@code false},
 * memoized functions compute; each is logged. Thread-safe.
 */
public final class ViewCache implements AutoCloseable {

    /** The servlet-context attribute under which the filters publish this object. */
    public static final String CONTEXT_ATTRIBUTE = ViewCache.class.getName();

    private final List<PageCache> caches = new CopyOnWriteArrayList<>();
    private final boolean owned;

    private ViewCache(boolean owned) {
        this.owned = owned;
    }

    /**
     * The web application's ViewCache.
     *
     * @throws IllegalStateException when no {@link ResponseCachingFilter} has been initialised
     *         in this context (is it declared in web.xml?)
     */
    public static ViewCache from(ServletContext context) {
        Object cache = context.getAttribute(CONTEXT_ATTRIBUTE);
        if (!(cache instanceof ViewCache)) {
            throw new IllegalStateException("No ViewCache in this web application: declare "
                    + ResponseCachingFilter.class.getName() + " in web.xml (filters are initialised "
                    + "before servlets, so it is there by the time a servlet runs)");
        }
        return (ViewCache) cache;
    }

    /** A ViewCache on the Redis at {@code redisUrl} with the default key prefix {@code view/}. */
    public static ViewCache connect(String redisUrl) {
        return connect(redisUrl, FilterSettings.DEFAULT_KEY_PREFIX);
    }

    /**
     * A ViewCache outside any container, on the Redis at {@code redisUrl}, seeing the pages,
     * values and memoized results of a filter with the same {@code key-prefix}. Close it when
     * done.
     *
     * @throws IllegalArgumentException when the URL or prefix is not valid as an init-param
     */
    public static ViewCache connect(String redisUrl, String keyPrefix) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(FilterSettings.REDIS_URL, redisUrl);
        params.put(FilterSettings.KEY_PREFIX, keyPrefix);
        return connect(params);
    }

    /** {@link #connect(String, String)} with any init-params (the command line tool's). */
    static ViewCache connect(Map<String, String> params) {
        FilterSettings settings = FilterSettings.parse(new SettingsSource(params, n -> null, n -> null));
        ViewCache cache = new ViewCache(true);
        FilterStats stats = new FilterStats();
        cache.caches.add(new PageCache("standalone", settings,
                StoreFactory.open(settings, Clock.SYSTEM, "standalone", stats), Clock.SYSTEM, stats, NearCache.OFF));
        return cache;
    }

    // ---- pages -------------------------------------------------------------------------------

    /**
     * Removes every stored variant (all query strings) of the page at {@code path}, in every
     * filter of this application, in one store round trip per filter. A path ending in
     * {@code /**} removes that page and every page below it ({@code /owners/1/**}), and
     * {@code tag:<key>} the pages tagged so ({@link #evictTag}), in a few round trips however
     * many pages are stored elsewhere.
     *
     * @param path the path within the application, as the filter keys it: starting with
     *             {@code /}, without the context path or query string, e.g. {@code /books}
     * @return {@code true} when every store confirmed; {@code false} when one could not be
     *         reached (the failure is logged)
     * @throws IllegalArgumentException when {@code path} is not such a path
     */
    public boolean evict(String path) {
        return evictAll(Collections.singletonList(path));
    }

    /** {@link #evict(String)} for several pages, still one round trip per filter. */
    public boolean evict(String... paths) {
        return evictAll(Arrays.asList(paths));
    }

    /**
     * Removes every page whose response carried one of {@code tags} in its
     * {@code Surrogate-Key} header, in every filter of this application and on every server;
     * a render under way when this is called is not stored.
     *
     * @return {@code true} when every store confirmed; {@code false} when one could not be
     *         reached (the failure is logged, and the eviction applied once it answers again)
     * @throws IllegalArgumentException when a tag is empty, holds a space or a control character
     */
    public boolean evictTag(String... tags) {
        return evict(EvictionTargets.tags(Arrays.asList(tags)), true);
    }

    /** @param targets each of the forms {@link #evict(String)} takes */
    boolean evictAll(Collection<String> targets) {
        return evict(EvictionTargets.parse(targets), true);
    }

    /**
     * What a write made stale ({@link WriteEvictions}), evicted now, or when {@code now} is
     * false remembered by every store and applied before it is read again, without a call now.
     */
    boolean evictWritten(Collection<String> targets, boolean now) {
        return evict(EvictionTargets.ofWrite(targets), now);
    }

    private boolean evict(EvictionTargets targets, boolean now) {
        // A request waits for one unreachable store at most: once one has not answered, the
        // others' evictions are remembered and applied before they are read again.
        boolean all = now;
        for (PageCache cache : caches) {
            all &= cache.evict(targets, all);
        }
        return all;
    }

    /**
     * Removes every page, value and memoized result that ViewCache stored for this application,
     * and nothing else in Redis (never FLUSHDB).
     *
     * @return {@code true} when every store confirmed; {@code false} when one could not be
     *         reached (the failure is logged)
     */
    public boolean clear() {
        boolean all = true;
        for (PageCache cache : caches) {
            all &= cache.clear();
        }
        return all;
    }

    // ---- values ------------------------------------------------------------------------------

    /**
     * Stores {@code value} under {@code key} for {@code ttlSeconds} (0: no expiry), replacing
     * what was there. Strings are stored as they are; other values, {@code null} included, as
     * Gson's JSON.
     *
     * @return {@code false} when the store could not be reached (logged)
     */
    public boolean set(String key, Object value, int ttlSeconds) {
        return values().setMany(ValueCache.single(key, value), ttlSeconds, false, null);
    }

    /** {@link #set(String, Object, int)} with the filter's {@code timeout}. */
    public boolean set(String key, Object value) {
        return set(key, value, primary().settings.timeoutSeconds);
    }

    /**
     * Stores {@code value} only if {@code key} holds nothing.
     *
     * @return {@code true} when it was stored; {@code false} when the key existed or the store
     *         could not be reached
     */
    public boolean add(String key, Object value, int ttlSeconds) {
        boolean[] written = new boolean[1];
        return values().setMany(ValueCache.single(key, value), ttlSeconds, true, written) && written[0];
    }

    /** Stores several values in one round trip; see {@link #set(String, Object, int)}. */
    public boolean setMany(Map<String, ?> values, int ttlSeconds) {
        return values().setMany(values, ttlSeconds, false, null);
    }

    /**
     * The value of {@code key} as a {@code type}, or {@code null} for a miss and for a stored
     * {@code null}; use {@link #lookup} or {@link #has} to tell those apart. A value that cannot
     * be read as {@code type} is a miss (and is logged).
     */
    public <T> T get(String key, Class<T> type) {
        CachedValue<T> value = lookup(key, type);
        return value == null ? null : value.get();
    }

    /** {@link #get(String, Class)} for generic types, e.g. {@code new TypeToken<List<Book>>(){}.getType()}. */
    public <T> T get(String key, Type type) {
        CachedValue<T> value = lookup(key, type);
        return value == null ? null : value.get();
    }

    /** The value of {@code key}, or {@code null} for a miss; a stored {@code null} is a hit. */
    public <T> CachedValue<T> lookup(String key, Type type) {
        return values().<T>getMany(Collections.singletonList(key), type).get(0);
    }

    /** Whether {@code key} holds a value (a stored {@code null} included). */
    public boolean has(String key) {
        return lookup(key, Object.class) != null;
    }

    /**
     * The values of several keys in one round trip, in the order asked; a miss is a {@code null}
     * element (and so is a stored {@code null}: use {@link #lookup} to tell).
     */
    public <T> List<T> getMany(Type type, String... keys) {
        List<CachedValue<T>> found = values().getMany(Arrays.asList(keys), type);
        List<T> values = new java.util.ArrayList<>(found.size());
        for (CachedValue<T> value : found) {
            values.add(value == null ? null : value.get());
        }
        return values;
    }

    /**
     * Removes the values under {@code keys}, in one round trip.
     *
     * @return {@code false} when the store could not be reached (logged)
     */
    public boolean delete(String... keys) {
        return values().delete(Arrays.asList(keys));
    }

    /**
     * Adds {@code delta} to the integer under {@code key}, starting from 0 when there is none,
     * atomically across servers.
     *
     * @return the new value; empty when the store could not be reached (logged)
     * @throws IllegalStateException when the key holds something other than an integer
     */
    public OptionalLong increment(String key, long delta) {
        return values().increment(key, delta);
    }

    /** {@code increment(key, 1)}. */
    public OptionalLong increment(String key) {
        return increment(key, 1);
    }

    /** {@code increment(key, -delta)}. */
    public OptionalLong decrement(String key, long delta) {
        return increment(key, Math.negateExact(delta));
    }

    /** {@code increment(key, -1)}. */
    public OptionalLong decrement(String key) {
        return increment(key, -1);
    }

    // ---- memoize -----------------------------------------------------------------------------

    /**
     * {@code fn}, remembered for {@code ttlSeconds} (0: no expiry) under {@code name}: the
     * returned supplier computes once, then answers from the cache on every server until the
     * result expires or {@link #deleteMemoized(String)} removes it.
     *
     * @param resultType what {@code fn} returns, to read it back from JSON (a {@code Class} or a
     *                   Gson {@code TypeToken}'s type)
     */
    public <R> Supplier<R> memoize(String name, int ttlSeconds, Type resultType, Supplier<R> fn) {
        ValueCache.ttlMillis(ttlSeconds);
        ValueCache.checkName(name);
        return () -> values().memoized(name, ttlSeconds, resultType, new Object[0], fn);
    }

    /**
     * {@code fn}, computed once per distinct argument (compared by its JSON form, so equal
     * arguments hit whatever object they are). An exception from {@code fn} is not cached and
     * reaches the caller unchanged.
     */
    public <A, R> Function<A, R> memoize(String name, int ttlSeconds, Type resultType, Function<A, R> fn) {
        ValueCache.ttlMillis(ttlSeconds);
        ValueCache.checkName(name);
        return a -> values().memoized(name, ttlSeconds, resultType, new Object[] {a}, () -> fn.apply(a));
    }

    /**
     * {@code fn}, computed once per distinct pair of arguments:
     * {@code memoize("heavy_func", 300, Integer.class, (Integer a, Integer b) -> a + b)}.
     */
    public <A, B, R> BiFunction<A, B, R> memoize(String name, int ttlSeconds, Type resultType,
                                                 BiFunction<A, B, R> fn) {
        ValueCache.ttlMillis(ttlSeconds);
        ValueCache.checkName(name);
        return (a, b) -> values().memoized(name, ttlSeconds, resultType, new Object[] {a, b},
                () -> fn.apply(a, b));
    }

    /**
     * Removes every cached result of the function memoized as {@code name}, in one round trip
     * (really removed, not orphaned until they expire).
     *
     * @return {@code false} when the store could not be reached (logged)
     */
    public boolean deleteMemoized(String name) {
        return values().deleteMemoized(name);
    }

    /** Removes only the cached result of {@code name} for these arguments. */
    public boolean deleteMemoized(String name, Object... args) {
        return values().deleteMemoized(name, args);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Releases the Redis connections of a ViewCache made by {@link #connect}; no-op otherwise. */
    @Override
    public void close() {
        if (owned) {
            for (PageCache cache : caches) {
                cache.close();
            }
            caches.clear();
        }
    }

    private PageCache primary() {
        if (caches.isEmpty()) {
            throw new IllegalStateException("This ViewCache has no store: its filters were destroyed, "
                    + "or it was closed");
        }
        return caches.get(0);
    }

    private ValueCache values() {
        return primary().values();
    }

    static void register(ServletContext context, PageCache cache) {
        synchronized (ViewCache.class) {
            Object existing = context.getAttribute(CONTEXT_ATTRIBUTE);
            ViewCache viewCache = existing instanceof ViewCache ? (ViewCache) existing : new ViewCache(false);
            viewCache.caches.add(cache);
            context.setAttribute(CONTEXT_ATTRIBUTE, viewCache);
        }
    }

    static void unregister(ServletContext context, PageCache cache) {
        synchronized (ViewCache.class) {
            Object existing = context.getAttribute(CONTEXT_ATTRIBUTE);
            if (existing instanceof ViewCache) {
                ViewCache viewCache = (ViewCache) existing;
                viewCache.caches.remove(cache);
                if (viewCache.caches.isEmpty()) {
                    context.removeAttribute(CONTEXT_ATTRIBUTE);
                }
            }
        }
    }
}
