package io.github.viewcache;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one eviction removes, as written in {@code evict-rules}, {@code evict()} and the
 * operator commands: pages ({@code /owners/1}), subtrees ({@code /owners/1/**}: that page and
 * every page below it) and tags ({@code tag:owner-1}).
 */
final class EvictionTargets {

    static final String TAG = "tag:";
    static final String SUBTREE = "/**";

    static final String FORM = "a path within the application such as /books (no context path, no query string), "
            + "a subtree such as /owners/1/** (that page and every page below it), or tag:<key> "
            + "(the pages whose Surrogate-Key names it)";

    final Set<String> pages;
    /** The paths whose pages below are evicted (the page at the path itself is in {@link #pages}). */
    final Set<String> subtrees;
    final Set<String> tags;

    private EvictionTargets(Set<String> pages, Set<String> subtrees, Set<String> tags) {
        this.pages = Collections.unmodifiableSet(pages);
        this.subtrees = Collections.unmodifiableSet(subtrees);
        this.tags = Collections.unmodifiableSet(tags);
    }

    static EvictionTargets pages(Collection<String> paths) {
        for (String path : paths) {
            check(path);
        }
        return new EvictionTargets(new LinkedHashSet<>(paths), Collections.<String>emptySet(),
                Collections.<String>emptySet());
    }

    static EvictionTargets tags(Collection<String> tags) {
        for (String tag : tags) {
            if (tag == null || !SurrogateKeys.isTag(tag)) {
                throw new IllegalArgumentException("a tag is 1 to " + SurrogateKeys.MAX_TAG_LENGTH
                        + " visible ASCII characters without spaces, as in Surrogate-Key, not [" + tag + "]");
            }
        }
        return new EvictionTargets(Collections.<String>emptySet(), Collections.<String>emptySet(),
                new LinkedHashSet<>(tags));
    }

    /**
     * @throws IllegalArgumentException naming the target that is not of {@link #FORM}
     */
    static EvictionTargets parse(Collection<String> targets) {
        return parse(targets, true);
    }

    /**
     * The targets a write's rules made of its path ({@link WriteEvictions}), never refused: a
     * decoded segment may hold a '?' or a '*' (the page is keyed so), or a space a tag cannot
     * hold (then no page carries the tag, and there is nothing to evict).
     */
    static EvictionTargets ofWrite(Collection<String> targets) {
        return parse(targets, false);
    }

    private static EvictionTargets parse(Collection<String> targets, boolean strict) {
        Set<String> pages = new LinkedHashSet<>();
        Set<String> subtrees = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        for (String target : targets) {
            if (target != null && target.startsWith(TAG)) {
                String tag = target.substring(TAG.length());
                if (strict || SurrogateKeys.isTag(tag)) {
                    tags.addAll(tags(Collections.singletonList(tag)).tags);
                }
            } else if (target != null && target.endsWith(SUBTREE)) {
                String root = target.substring(0, target.length() - SUBTREE.length());
                if (root.isEmpty()) {
                    throw new IllegalArgumentException("[/**] would be every page: clear() removes them all; "
                            + "a subtree names the page above it, such as /owners/1/**");
                }
                if (strict) {
                    check(root);
                }
                pages.add(root);
                subtrees.add(root);
            } else {
                if (strict) {
                    check(target);
                }
                pages.add(target);
            }
        }
        return new EvictionTargets(pages, subtrees, tags);
    }

    private static void check(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('*') >= 0) {
            throw new IllegalArgumentException("evict() takes " + FORM + ", not [" + path + "]");
        }
    }

    @Override
    public String toString() {
        Set<String> all = new LinkedHashSet<>(pages);
        for (String subtree : subtrees) {
            all.remove(subtree);
            all.add(subtree + SUBTREE);
        }
        for (String tag : tags) {
            all.add(TAG + tag);
        }
        return all.toString();
    }
}
