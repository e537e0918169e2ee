package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Servlet-style path patterns ({@code exclude-paths}): {@code /exact}, {@code /prefix/*}
 * (the prefix itself and everything below it) and {@code *.ext}, separated by commas or
 * white space; a {@code *} may also stand for one whole segment anywhere in a path
 * ({@code /owners/*}{@code /pets/*}). Matched against the path within the application.
 */
final class PathPatterns {

    static final PathPatterns NONE = new PathPatterns(Collections.<Pattern>emptyList());

    private final List<Pattern> patterns;

    private PathPatterns(List<Pattern> patterns) {
        this.patterns = Collections.unmodifiableList(patterns);
    }

    /** @throws IllegalArgumentException naming the pattern that is not of those forms */
    static PathPatterns parse(String text) {
        List<Pattern> patterns = new ArrayList<>();
        for (String token : text.trim().split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Pattern pattern = Pattern.of(token);
            if (pattern == null) {
                throw new IllegalArgumentException("patterns such as /exact, /prefix/*, /a/*/b or *.ext, separated by "
                        + "commas, where a * is a whole path segment; [" + token + "] is none of these");
            }
            patterns.add(pattern);
        }
        return new PathPatterns(patterns);
    }

    boolean matches(String path) {
        if (patterns.isEmpty()) {
            return false; // the usual case, asked on every request: not even an iterator
        }
        for (Pattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }

    /** One pattern, split once at {@code init()}. */
    private static final class Pattern {
        final String text;
        /** {@code .ext} for {@code *.ext}, else {@code null}. */
        final String extension;
        /** The segments before a trailing {@code /*}, or all of them; {@code *} matches one. */
        final String[] segments;
        /** Whether it ends in {@code /*}: the prefix itself and everything below it. */
        final boolean andBelow;
        /** Whether a {@code *} stands for a segment: else plain string checks do. */
        final boolean wildSegments;

        private Pattern(String text, String extension, String[] segments, boolean andBelow, boolean wildSegments) {
            this.text = text;
            this.extension = extension;
            this.segments = segments;
            this.andBelow = andBelow;
            this.wildSegments = wildSegments;
        }

        /** {@code null} when {@code token} is not a pattern of these forms. */
        static Pattern of(String token) {
            if (token.startsWith("*.")) {
                boolean valid = token.length() > 2 && token.indexOf('/') < 0 && token.indexOf('*', 1) < 0;
                return valid ? new Pattern(token, token.substring(1), null, false, false) : null;
            }
            if (!token.startsWith("/")) {
                return null;
            }
            boolean andBelow = token.endsWith("/*");
            String fixed = andBelow ? token.substring(0, token.length() - 2) : token;
            String[] segments = fixed.split("/", -1);
            boolean wild = false;
            for (String segment : segments) {
                if (segment.equals("*")) {
                    wild = true;
                } else if (segment.indexOf('*') >= 0) {
                    return null;
                }
            }
            return new Pattern(token, null, segments, andBelow, wild);
        }

        boolean matches(String path) {
            if (extension != null) {
                return path.endsWith(extension);
            }
            if (!wildSegments) {
                String prefix = text.substring(0, text.length() - (andBelow ? 2 : 0));
                return path.equals(prefix) || andBelow && path.startsWith(prefix) && path.length() > prefix.length()
                        && path.charAt(prefix.length()) == '/';
            }
            String[] parts = path.split("/", -1);
            if (parts.length < segments.length || !andBelow && parts.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                boolean any = segments[i].equals("*") && !parts[i].isEmpty();
                if (!any && !segments[i].equals(parts[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
