package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns request header values into key material, for {@code key-headers} and for the headers a
 * response names in {@code Vary}. Values are normalised (lines joined, white space around
 * commas dropped, Accept-* lower-cased, Accept-Encoding folded to what the cache can serve:
 * {@code gzip} or {@code identity}); an absent header is never the same as an empty one.
 */
final class VaryKey {

    /** The Vary names of a response: lower case, sorted, unique; {@code ["*"]} for Vary: *. */
    static List<String> names(Collection<String> varyLines) {
        TreeSet<String> names = new TreeSet<>();
        for (String line : varyLines) {
            for (String token : line.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (name.equals("*")) {
                    return Collections.singletonList("*");
                }
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    static String joinNames(List<String> names) {
        return String.join(",", names);
    }

    static List<String> splitNames(String joined) {
        List<String> names = new ArrayList<>();
        for (String name : joined.split(",")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** {@code "\n" + name + "=" + value} per header, or {@code "\n" + name} when it is absent. */
    static String encode(List<String> names, HttpServletRequest request) {
        return encode(names, request, null);
    }

    /**
     * {@link #encode(List, HttpServletRequest)} where the names may include {@link Visitors#VARY_NAME},
     * whose value is the request's class of visitor.
     */
    static String encode(List<String> names, HttpServletRequest request, Visitors visitors) {
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            key.append('\n').append(name);
            String value = visitors != null && name.equals(Visitors.VARY_NAME) ? visitors.classOf(request)
                    : value(name, request);
            if (value != null) {
                key.append('=').append(value);
            }
        }
        return key.toString();
    }

    private static String value(String name, HttpServletRequest request) {
        Enumeration<String> lines = request.getHeaders(name);
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        if (name.equalsIgnoreCase("accept-encoding")) {
            return ContentCoding.acceptsGzip(request) ? "gzip" : "identity";
        }
        StringBuilder joined = new StringBuilder();
        while (lines.hasMoreElements()) {
            for (String item : lines.nextElement().split(",", -1)) {
                if (joined.length() > 0) {
                    joined.append(',');
                }
                joined.append(item.trim().replaceAll("\\s+", " "));
            }
        }
        String value = joined.toString();
        // Escape the separators of the key itself so no value can forge another header's part.
        value = value.replace("%", "%25").replace("\n", "%0A").replace("\u0000", "%00");
        return name.startsWith("accept") ? value.toLowerCase(Locale.ROOT) : value;
    }

    private VaryKey() {
    }
}
