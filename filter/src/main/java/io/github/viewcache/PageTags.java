package io.github.viewcache;

import java.util.Collections;
import java.util.List;

/**
 * Where a stored page is listed besides its namespace's index: the index of each of its tags
 * and of each subtree above it, so that an eviction by tag or by subtree finds it in one read.
 * And when its render began: an eviction of one of those indexes since then may have missed
 * what the render read, so the page is not kept.
 */
final class PageTags {

    /** Listed nowhere else, fenced by nothing (a hit-for-pass marker). */
    static final PageTags NONE = new PageTags(Collections.<String>emptyList(), Long.MAX_VALUE);

    /** The index keys, each a sorted set of page keys scored by expiry. */
    final List<String> indexes;
    /** Epoch ms on this server's clock; {@link Long#MAX_VALUE} for a render no eviction fences. */
    final long renderStartedMillis;

    PageTags(List<String> indexes, long renderStartedMillis) {
        this.indexes = Collections.unmodifiableList(indexes);
        this.renderStartedMillis = renderStartedMillis;
    }
}
