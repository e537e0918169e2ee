package io.github.viewcache;

/** Where entries live ({@code store} init-param). */
enum StoreKind {
    REDIS,
    /** A bounded in-process LRU: one JVM only, lost on restart. */
    MEMORY,
    /** Nothing is stored: every response passes through, marked BYPASS. */
    NONE
}
