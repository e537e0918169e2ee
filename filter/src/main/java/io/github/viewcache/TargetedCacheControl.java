package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Keeps ViewCache's own cache-control field, {@code ViewCache-Cache-Control} (a targeted field,
 * RFC 9213), for the cache and out of what clients receive: an application says
 * {@code response.setHeader("ViewCache-Cache-Control", "max-age=50")} to ViewCache alone, as
 * {@code @cache.cached(timeout=50)} does in Flask-Caching, while its {@code Cache-Control}
 * still speaks to browsers and other caches.
 */
class TargetedCacheControl extends HttpServletResponseWrapper {

    static final String FIELD = "ViewCache-Cache-Control";

    private List<String> values = Collections.emptyList();

    TargetedCacheControl(HttpServletResponse response) {
        super(response);
    }

    private static boolean isField(String name) {
        return FIELD.equalsIgnoreCase(name);
    }

    /** Its lines as the application set them; empty when it set none. */
    List<String> targetedLines() {
        return values;
    }

    @Override
    public void setHeader(String name, String value) {
        if (isField(name)) {
            values = value == null ? Collections.<String>emptyList() : new ArrayList<>(Collections.singletonList(value));
            return;
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (isField(name)) {
            if (value != null) {
                List<String> more = new ArrayList<>(values);
                more.add(value);
                values = more;
            }
            return;
        }
        super.addHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
        return isField(name) ? !values.isEmpty() : super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        return isField(name) ? (values.isEmpty() ? null : values.get(0)) : super.getHeader(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return isField(name) ? Collections.unmodifiableList(values) : super.getHeaders(name);
    }
}
