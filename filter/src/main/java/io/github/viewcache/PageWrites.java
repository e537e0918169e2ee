package io.github.viewcache;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * POST, PUT, PATCH and DELETE through the filter: the application runs, and if it succeeded the
 * pages it made stale are evicted before its answer reaches the client; if the answer went out
 * early (a large body, a flush), they are evicted again once the application returns.
 */
final class PageWrites {

    private final PageCache cache;
    private final ServletContext context;

    PageWrites(PageCache cache, ServletContext context) {
        this.cache = cache;
        this.context = context;
    }

    /** @param marked whether the answer says how the cache handled it (not under {@code exclude-paths}) */
    void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path,
                boolean marked) throws IOException, ServletException {
        if (marked) {
            cache.stats.bypass("method");
            response.setHeader(ResponseCachingFilter.X_CACHE, "BYPASS");
            response.setHeader(CacheStatus.HEADER, CacheStatus.bypass("method"));
        }
        boolean[] reached = {true};
        HeldResponse held = new HeldResponse(response, () -> reached[0] = evict(request, response, path, true));
        AsyncWriteRequest onward = new AsyncWriteRequest(request, held, () -> {
            boolean early = held.releasedEarly();
            AsyncWriteRequest.finishQuietly(held);
            if (early) {
                evict(request, response, path, reached[0]);
            }
        });
        chain.doFilter(onward, held);
        if (onward.isAsyncStarted()) {
            return; // evicted and released when the application ends its async answer
        }
        boolean early = held.releasedEarly();
        held.finish();
        if (early) {
            // Once more, now the application is done; without a second wait if Redis did not answer.
            evict(request, response, path, reached[0]);
        }
    }

    /** @return whether every store took the evictions */
    private boolean evict(HttpServletRequest request, HttpServletResponse response, String path, boolean now) {
        Set<String> stale = WriteEvictions.of(cache.settings, request, path, response);
        if (stale.isEmpty()) {
            return true;
        }
        // Through the application's ViewCache: a Location may be another filter's page.
        ViewCache viewCache = ViewCache.from(context);
        return viewCache.evictWritten(stale, now);
    }
}
