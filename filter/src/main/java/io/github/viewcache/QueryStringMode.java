package io.github.viewcache;

/** How the query string takes part in a page's cache key ({@code query-string} init-param). */
enum QueryStringMode {
    /** Each canonical query string is its own entry. */
    INCLUDE,
    /** One entry serves the page whatever its query string (Flask-Caching's default). */
    IGNORE
}
