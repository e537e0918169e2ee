package io.github.viewcache;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The directives of a response's {@code Cache-Control} header lines (RFC 9111 section 5.2),
 * read as servers really send them: any case, any spacing, split over several lines, with
 * quoted arguments. A directive given twice with different arguments, or a delta-seconds that
 * is not a number, makes the response {@link #invalid()}: RFC 9111 section 4.2.1 says to treat
 * it as stale, so it is not stored.
 */
final class CacheControl {

    private static final String REPEATED = "\u0000repeated";

    private final Map<String, String> directives;
    private final boolean invalid;

    private CacheControl(Map<String, String> directives, boolean invalid) {
        this.directives = directives;
        this.invalid = invalid;
    }

    static CacheControl parse(Collection<String> headerLines) {
        Map<String, String> directives = new HashMap<>();
        boolean invalid = false;
        Set<String> seen = new HashSet<>();
        for (String line : headerLines) {
            for (String part : splitOutsideQuotes(line)) {
                String token = part.trim();
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                String name = (eq < 0 ? token : token.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : unquote(token.substring(eq + 1).trim());
                if (!seen.add(name)) {
                    if (!value.equals(directives.get(name))) {
                        invalid |= name.endsWith("max-age");
                        directives.put(name, REPEATED);
                    }
                    continue;
                }
                directives.put(name, value);
            }
        }
        for (String delta : new String[] {"max-age", "s-maxage"}) {
            String value = directives.get(delta);
            if (value != null && !value.equals(REPEATED) && deltaSeconds(value) < 0) {
                invalid = true;
            }
        }
        return new CacheControl(directives, invalid);
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    boolean invalid() {
        return invalid;
    }

    /** The directive's delta-seconds, or -1 when absent. Only call when not {@link #invalid()}. */
    long seconds(String directive) {
        String value = directives.get(directive);
        return value == null ? -1 : deltaSeconds(value);
    }

    /** Delta-seconds, capped at 2^31 as RFC 9111 section 1.2.2 allows; -2 when not a number. */
    private static long deltaSeconds(String value) {
        if (value.isEmpty()) {
            return -2;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return -2;
            }
        }
        return value.length() > 10 ? 2147483648L : Math.min(Long.parseLong(value), 2147483648L);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static java.util.List<String> splitOutsideQuotes(String line) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
