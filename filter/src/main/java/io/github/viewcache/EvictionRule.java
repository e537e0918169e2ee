package io.github.viewcache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of {@code evict-rules}: {@code METHOD /pattern -> target, target}. A {@code *} in
 * the pattern matches one whole path segment; a {@code *} in a target stands for what the
 * pattern's {@code *} of the same rank matched, so {@code PUT /books/* -> /shelves/*} turns a
 * PUT of {@code /books/foo} into an eviction of {@code /shelves/foo}. A target is a page, a
 * subtree ({@code /owners/*}{@code /**}: that page and every page below it) or a tag
 * ({@code tag:owner-*}). METHOD is a method that may write (any but GET, HEAD, OPTIONS and
 * TRACE) or {@code *} for all of them.
 */
final class EvictionRule {

    /**
     * The safe methods (RFC 9110 9.2.1); every other one, WebDAV's and unknown ones included, may
     * change data, and a cache invalidates on it (RFC 9111 4.4).
     */
    static final Set<String> SAFE_METHODS = Collections.unmodifiableSet(
            new HashSet<>(Arrays.asList("GET", "HEAD", "OPTIONS", "TRACE")));

    private static final String FORM = "one rule per line (or separated by ';'): "
            + "METHOD /path -> /target[, /target...], METHOD a method that writes (POST, PUT, PATCH, DELETE, "
            + "MKCOL, ..., any but GET, HEAD, OPTIONS, TRACE) or * for all of them; a target is a page (/books), "
            + "a subtree (/owners/*/** evicts that page and every page below it) or a tag (tag:owner-*); "
            + "a * matches one path segment, and each * of a target takes the matching * of the path";

    private final String method;
    private final String[] pattern;
    private final List<String> targets;
    private final String text;

    private EvictionRule(String method, String[] pattern, List<String> targets, String text) {
        this.method = method;
        this.pattern = pattern;
        this.targets = targets;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the line that is wrong and the form rules take */
    static List<EvictionRule> parseAll(String text) {
        List<EvictionRule> rules = new ArrayList<>();
        String[] lines = text.split("[\\r\\n;]+");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FORM + "; rule " + (rules.size() + 1) + " [" + line + "] "
                        + e.getMessage());
            }
        }
        return Collections.unmodifiableList(rules);
    }

    private static EvictionRule parse(String line) {
        int arrow = line.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("has no '->'");
        }
        String[] head = line.substring(0, arrow).trim().split("\\s+");
        if (head.length != 2) {
            throw new IllegalArgumentException("needs a METHOD and a path before '->'");
        }
        String method = head[0].toUpperCase(Locale.ROOT);
        if (!method.equals("*") && (SAFE_METHODS.contains(method) || !method.matches("[!#$%&'*+.^_`|~0-9A-Z-]+"))) {
            throw new IllegalArgumentException("has method [" + head[0] + "]");
        }
        String path = head[1];
        checkPath(path);
        String[] pattern = path.split("/", -1);
        int wildcards = 0;
        for (String segment : pattern) {
            if (segment.equals("*")) {
                wildcards++;
            } else if (segment.indexOf('*') >= 0) {
                throw new IllegalArgumentException("has a '*' that is not a whole segment in [" + path + "]");
            }
        }
        List<String> targets = new ArrayList<>();
        for (String target : line.substring(arrow + 2).split(",")) {
            target = target.trim();
            checkTarget(target);
            int used = count(bound(target), '*');
            if (used > wildcards) {
                throw new IllegalArgumentException("target [" + target + "] has more '*' than the path");
            }
            targets.add(target);
        }
        return new EvictionRule(method, pattern, Collections.unmodifiableList(targets), line);
    }

    /** The part of a target whose {@code *} take the path's: all but a subtree's {@code /**}. */
    private static String bound(String target) {
        return target.endsWith(EvictionTargets.SUBTREE)
                ? target.substring(0, target.length() - EvictionTargets.SUBTREE.length()) : target;
    }

    private static void checkTarget(String target) {
        if (target.startsWith(EvictionTargets.TAG)) {
            String tag = target.substring(EvictionTargets.TAG.length());
            if (!SurrogateKeys.isTag(tag)) {
                throw new IllegalArgumentException("has target [" + target + "], not tag: and a Surrogate-Key");
            }
            return;
        }
        checkPath(target);
        String path = bound(target);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("has target [/**], which would be every page");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.indexOf('*') >= 0 && !segment.equals("*")) {
                throw new IllegalArgumentException("has a '*' that is not a whole segment in target [" + target + "]");
            }
        }
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("has [" + path + "], not a path starting with '/'");
        }
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Adds to {@code out} the pages this rule evicts after {@code method} on {@code path}. */
    void addTargets(String method, String path, Set<String> out) {
        if (!this.method.equals("*") && !this.method.equals(method)) {
            return;
        }
        String[] segments = path.split("/", -1);
        if (segments.length != pattern.length) {
            return;
        }
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("*")) {
                if (segments[i].isEmpty()) {
                    return;
                }
                captured.add(segments[i]);
            } else if (!pattern[i].equals(segments[i])) {
                return;
            }
        }
        for (String target : targets) {
            String bound = bound(target);
            StringBuilder page = new StringBuilder(target.length() + 16);
            int next = 0;
            for (int i = 0; i < bound.length(); i++) {
                char c = bound.charAt(i);
                if (c == '*') {
                    page.append(captured.get(next++));
                } else {
                    page.append(c);
                }
            }
            out.add(page.append(target.substring(bound.length())).toString());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
