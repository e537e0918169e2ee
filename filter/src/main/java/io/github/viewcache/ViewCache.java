package io.github.viewcache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.ServletContext;

/**
 * The application's handle on the pages its {@link ResponseCachingFilter}s cache: call
 * {@link #evict(String)} after changing the data a page shows, and the next request renders
 * it afresh.
 *
 * <pre>{@code
 * ViewCache cache = ViewCache.from(getServletContext());
 * books.add(book);
 * cache.evict("/books");
 * }</pre>
 *
 * <p>One instance serves the whole web application: it covers every filter declaration in
 * it, each with its own key prefix, so the app need not know which filter caches a page.
 * Thread-safe.
 */
public final class ViewCache {

    /** The servlet-context attribute under which the filters publish this object. */
    public static final String CONTEXT_ATTRIBUTE = ViewCache.class.getName();

    private final List<PageCache> caches = new CopyOnWriteArrayList<>();

    private ViewCache() {
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

    /**
     * Removes every stored variant (all query strings) of the page at {@code path}, in every
     * filter of this application, in one store round trip per filter.
     *
     * @param path the path within the application, as the filter keys it: starting with
     *             {@code /}, without the context path or query string, e.g. {@code /books}
     * @return {@code true} when every store confirmed; {@code false} when one could not be
     *         reached (the failure is logged)
     * @throws IllegalArgumentException when {@code path} is not such a path
     */
    public boolean evict(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("evict() takes a path within the application "
                    + "such as /books (no context path, no query string), not [" + path + "]");
        }
        boolean all = true;
        for (PageCache cache : caches) {
            all &= cache.evict(path);
        }
        return all;
    }

    /**
     * Removes every page the filters of this application stored, and nothing else in Redis.
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

    static void register(ServletContext context, PageCache cache) {
        synchronized (ViewCache.class) {
            Object existing = context.getAttribute(CONTEXT_ATTRIBUTE);
            ViewCache viewCache = existing instanceof ViewCache ? (ViewCache) existing : new ViewCache();
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
