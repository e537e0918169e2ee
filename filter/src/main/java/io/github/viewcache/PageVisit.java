package io.github.viewcache;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One page request in flight: its keys, what the lookup found, and the render lock it holds. */
final class PageVisit {

    final HttpServletRequest request;
    final HttpServletResponse response;
    final String page;
    final String variant;
    /** Why the cache was not consulted ({@code authorization}), or {@code null}. */
    final String lookupSkipped;
    Lookup found;
    String lockToken;

    PageVisit(HttpServletRequest request, HttpServletResponse response, String page, String variant,
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
