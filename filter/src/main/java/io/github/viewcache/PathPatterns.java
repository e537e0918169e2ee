package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Servlet-style path patterns ({@code exclude-paths}): {@code /exact}, {@code /prefix/*}
 * (the prefix itself and everything below it) and {@code *.ext}, separated by commas or
 * white space. Matched against the path within the application.
 */
final class PathPatterns {

    static final PathPatterns NONE = new PathPatterns(Collections.<String>emptyList());

    private final List<String> patterns;

    private PathPatterns(List<String> patterns) {
        this.patterns = Collections.unmodifiableList(patterns);
    }

    /** @throws IllegalArgumentException naming the pattern that is not of those forms */
    static PathPatterns parse(String text) {
        List<String> patterns = new ArrayList<>();
        for (String token : text.trim().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean extension = token.startsWith("*.") && token.indexOf('/') < 0 && token.length() > 2
                    && token.indexOf('*', 1) < 0;
            boolean path = token.startsWith("/")
                    && (token.indexOf('*') < 0 || (token.endsWith("/*") && token.indexOf('*') == token.length() - 1));
            if (!extension && !path) {
                throw new IllegalArgumentException("patterns such as /exact, /prefix/* or *.ext, separated by "
                        + "commas; [" + token + "] is none of these");
            }
            patterns.add(token);
        }
        return new PathPatterns(patterns);
    }

    boolean matches(String path) {
        if (patterns.isEmpty()) {
            return false; // the usual case, asked on every request: not even an iterator
        }
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                if (path.endsWith(pattern.substring(1))) {
                    return true;
                }
            } else if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
