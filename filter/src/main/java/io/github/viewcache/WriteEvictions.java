package io.github.viewcache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Which pages a successful write makes stale (RFC 9111 section 4.4): the written path, the
 * same-origin {@code Location} and {@code Content-Location} of the answer, the collections
 * above the path ({@code evict-parents}) and what {@code evict-rules} add.
 */
final class WriteEvictions {

    private WriteEvictions() {
    }

    /** Whether {@code method} may change data: every one but the safe ones (RFC 9111 4.4). */
    static boolean isWrite(String method) {
        return !EvictionRule.SAFE_METHODS.contains(method);
    }

    /** Empty unless the answer is 2xx or 3xx: a failed write changed nothing. */
    static Set<String> of(FilterSettings settings, HttpServletRequest request, String path,
                          HttpServletResponse response) {
        Set<String> pages = new LinkedHashSet<>();
        int status = response.getStatus();
        if (status < 200 || status >= 400) {
            return pages;
        }
        if (settings.evictOnWrite) {
            pages.add(path);
            addSameOrigin(request, response.getHeader("Location"), pages);
            addSameOrigin(request, response.getHeader("Content-Location"), pages);
        }
        if (settings.evictParents) {
            addParents(path, pages);
        }
        for (EvictionRule rule : settings.evictRules) {
            rule.addTargets(request.getMethod(), path, pages);
        }
        return pages;
    }

    /** {@code /a/b/c} adds {@code /a/b} and {@code /a}; the root page is left alone. */
    static void addParents(String path, Set<String> pages) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (int slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/')) {
            p = p.substring(0, slash);
            pages.add(p);
        }
    }

    private static void addSameOrigin(HttpServletRequest request, String location, Set<String> pages) {
        if (location == null || location.isEmpty()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(location.trim());
        } catch (URISyntaxException e) {
            return;
        }
        if (uri.isAbsolute()) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            if (!scheme.equalsIgnoreCase(request.getScheme()) || uri.getHost() == null
                    || !uri.getHost().equalsIgnoreCase(request.getServerName()) || port != request.getServerPort()) {
                return; // another origin: not ours to evict
            }
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            return;
        }
        if (!path.startsWith("/")) {
            // relative to the request's own URI
            String base = request.getRequestURI();
            path = base.substring(0, base.lastIndexOf('/') + 1) + path;
            path = URI.create(path).normalize().getPath();
        }
        String context = request.getContextPath();
        if (!context.isEmpty()) {
            if (!path.equals(context) && !path.startsWith(context + "/")) {
                return; // another application on this server
            }
            path = path.substring(context.length());
        }
        pages.add(path.isEmpty() ? "/" : path);
    }
}
