package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tags of a page, from its {@code Surrogate-Key} lines: keys separated by spaces, as Fastly
 * and Varnish's xkey read them. A page is stored under all of its tags or not at all: a tag
 * dropped would be an eviction that misses it.
 */
final class SurrogateKeys {

    /** Fastly's limit on one key. */
    static final int MAX_TAG_LENGTH = 1024;
    /** Each tag is a write when the page is stored; past this, the page is not stored. */
    static final int MAX_TAGS = 128;

    private SurrogateKeys() {
    }

    /**
     * The distinct tags of {@code lines} in order; {@code null} when one is not a visible ASCII
     * token of at most {@link #MAX_TAG_LENGTH} characters, or there are more than
     * {@link #MAX_TAGS}.
     */
    static List<String> parse(Collection<String> lines) {
        if (lines.isEmpty()) {
            return Collections.emptyList();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String line : lines) {
            for (String tag : line.trim().split("[ \\t]+")) {
                if (tag.isEmpty()) {
                    continue;
                }
                tags.add(tag);
                if (!isTag(tag) || tags.size() > MAX_TAGS) {
                    return null;
                }
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(tags));
    }

    /** Whether {@code tag} may name pages: 1 to {@link #MAX_TAG_LENGTH} visible ASCII characters. */
    static boolean isTag(String tag) {
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
