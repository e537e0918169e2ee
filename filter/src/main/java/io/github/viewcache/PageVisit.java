package io.github.viewcache;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One page request in flight: its keys, what the lookup found, and the render lock it holds. */
final class PageVisit {

    final HttpServletRequest request;
    final HttpServletResponse response;
    /** The path within the application, as logs show it. */
    final String path;
    final String page;
    final String variant;
    /** Why the cache was not consulted ({@code authorization}), or {@code null}. */
    final String lookupSkipped;
    Lookup found;
    String lockToken;
    /**
     * What the render lock is taken on: the variant, or for a page kept per visitor the variant
     * and the visitor's class, so that visitors of one class never wait for another's render.
     * Fixed once a lock is held: it is released under the same name.
     */
    String lockVariant;
    /**
     * Set when a Redis call of this request failed: it makes no further ones (its render is not
     * stored), so one request waits for an unreachable Redis once, not once per call.
     */
    boolean storeUnreachable;

    PageVisit(HttpServletRequest request, HttpServletResponse response, String path, String page, String variant,
              String lookupSkipped) {
        this.request = request;
        this.response = response;
        this.path = path;
        this.page = page;
        this.variant = variant;
        this.lockVariant = variant;
        this.lookupSkipped = lookupSkipped;
    }

    String generation() {
        return found == null ? null : found.generation;
    }

    /** Whether the lookup found a hit-for-pass marker in force: this request renders without the lock. */
    boolean passing() {
        return found != null && found.isPass();
    }
}
