package io.github.viewcache;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Names entries: a page is {@code <key-prefix><path>} (a Redis hash, so {@code /books} is
 * {@code view//books}), and each query-string variant of it is one field of that hash.
 */
final class CacheKeys {

    private final String prefix;
    private final QueryStringMode queryString;
    private final List<String> keyHeaders;
    private final Visitors visitors;

    CacheKeys(String prefix, QueryStringMode queryString, List<String> keyHeaders, Visitors visitors) {
        this.prefix = prefix;
        this.queryString = queryString;
        this.keyHeaders = keyHeaders;
        this.visitors = visitors;
    }

    /**
     * The path within the application, decoded and normalised by the container (servlet path
     * plus path info), so {@code /bo%6Fks} and {@code /books;jsessionid=1} are the page that
     * {@code evict("/books")} removes.
     */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        // String.concat: one copy, where + compiles (for Java 8) to a builder that grows.
        String path = servletPath.concat(pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    String page(String path) {
        return prefix.concat(path);
    }

    /** What every page key starts with; values and memoized functions do not. */
    String pagePrefix() {
        return prefix + "/";
    }

    /**
     * The field within the page: the canonical query plus the {@code key-headers} values;
     * {@code null} when the query cannot be keyed safely.
     */
    String variant(HttpServletRequest request) {
        String query = queryString == QueryStringMode.IGNORE ? "" : CanonicalQuery.of(request.getQueryString());
        if (query == null || keyHeaders.isEmpty()) {
            return query;
        }
        return query + VaryKey.encode(keyHeaders, request);
    }

    /** Where a variant whose response varies records the Vary header names. */
    static String varyMarker(String variant) {
        return variant + "\u0000vary";
    }

    /**
     * The field of a variant whose response varies on {@code vary} (which may name
     * {@link Visitors#VARY_NAME}), for this request.
     */
    String varied(String variant, List<String> vary, HttpServletRequest request) {
        return variant + "\u0000" + VaryKey.encode(vary, request, visitors);
    }

    /** A value set through the API; never a page, whose paths start with '/'. */
    String value(String key) {
        return prefix + "value:" + key;
    }

    /** The results of one memoized function, a field per argument list. */
    String memo(String function) {
        return prefix + "memo:" + function;
    }

    /** Holds the names of every page this prefix stored, for {@code clear()}; no page path starts with '#'. */
    String index() {
        return prefix + "#pages";
    }

    /** Lists the pages tagged {@code tag} ({@code Surrogate-Key}). */
    String tagIndex(String tag) {
        return prefix + "#tag:" + tag;
    }

    /** Lists the pages below {@code path} (not the page at {@code path} itself), for {@code path/**}. */
    String subtreeIndex(String path) {
        return prefix + "#under:" + path;
    }

    /**
     * The indexes a page at {@code path} is listed in: one per tag, and one per page above
     * it ({@code /a/b/c} is under {@code /a} and {@code /a/b}).
     */
    List<String> indexesOf(String path, List<String> tags) {
        List<String> indexes = new ArrayList<>(tags.size() + 4);
        for (String tag : tags) {
            indexes.add(tagIndex(tag));
        }
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            indexes.add(subtreeIndex(path.substring(0, slash)));
        }
        return indexes;
    }

    /** The path of a page key of this prefix. */
    String pathOf(String page) {
        return page.substring(prefix.length());
    }
}
