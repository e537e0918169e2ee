package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a raw query string into one spelling per meaning, so that {@code ?b=2&a=1} and
 * {@code ?a=1&b=2} share an entry.
 *
 * <p>Parameters are sorted by name; values of one name keep their order, because
 * {@code getParameterValues} exposes it. Escapes are normalised byte by byte (never through
 * a charset), so two queries an application could tell apart never share an entry.
 */
final class CanonicalQuery {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalQuery() {
    }

    /**
     * @return the canonical form, {@code ""} for no parameters, or {@code null} when the query
     *         holds a malformed escape (such a request is not cached at all)
     */
    static String of(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String token : rawQuery.split("&")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String name = normalise(eq < 0 ? token : token.substring(0, eq));
            String value = eq < 0 ? null : normalise(token.substring(eq + 1));
            if (name == null || (eq >= 0 && value == null)) {
                return null;
            }
            params.add(new String[] {name, value});
        }
        // Collections.sort is stable: equal names keep their relative order.
        Collections.sort(params, (a, b) -> a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder(rawQuery.length());
        for (String[] p : params) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]);
            if (p[1] != null) {
                out.append('=').append(p[1]);
            }
        }
        return out.toString();
    }

    /** Escapes every octet except unreserved ones; {@code +} is a space, as form decoding has it. */
    private static String normalise(String part) {
        StringBuilder out = new StringBuilder(part.length() + 8);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            int octet;
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    return null;
                }
                int hi = Character.digit(part.charAt(i + 1), 16);
                int lo = Character.digit(part.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                octet = (hi << 4) | lo;
                i += 2;
            } else if (c == '+') {
                octet = ' ';
            } else if (c < 0x80) {
                octet = c;
            } else {
                // Containers hand over the raw query as ISO-8859-1 or UTF-8 text; either way a
                // non-ASCII char is spelt as the escapes of its UTF-8 bytes.
                int codePoint = part.codePointAt(i);
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    escape(out, b & 0xFF);
                }
                i += Character.charCount(codePoint) - 1;
                continue;
            }
            if (isUnreserved(octet)) {
                out.append((char) octet);
            } else {
                escape(out, octet);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static void escape(StringBuilder out, int octet) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
    }
}
