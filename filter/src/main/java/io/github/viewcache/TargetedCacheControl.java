package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Keeps the cache-control fields that speak to ViewCache alone for the cache and out of what
 * clients receive: its own {@code ViewCache-Cache-Control} (a targeted field, RFC 9213), then
 * {@code Surrogate-Control} (the Edge Architecture field reverse proxies read, for apps already
 * written for one). An application says {@code response.setHeader("ViewCache-Cache-Control",
 * "max-age=50")} to ViewCache alone, as {@code @cache.cached(timeout=50)} does in
 * Flask-Caching, while its {@code Cache-Control} still speaks to browsers and other caches.
 */
class TargetedCacheControl extends HttpServletResponseWrapper {

    static final String FIELD = "ViewCache-Cache-Control";
    static final String SURROGATE = "Surrogate-Control";

    private List<String> values = Collections.emptyList();
    private List<String> surrogate = Collections.emptyList();

    TargetedCacheControl(HttpServletResponse response) {
        super(response);
    }

    private static boolean isField(String name) {
        return FIELD.equalsIgnoreCase(name) || SURROGATE.equalsIgnoreCase(name);
    }

    private List<String> linesOf(String name) {
        return FIELD.equalsIgnoreCase(name) ? values : surrogate;
    }

    private void setLines(String name, List<String> lines) {
        if (FIELD.equalsIgnoreCase(name)) {
            values = lines;
        } else {
            surrogate = lines;
        }
    }

    /**
     * The lines of the first of the fields the application set; empty when it set none. A
     * {@code Surrogate-Control} directive may name the surrogates it is for after a {@code ;}
     * (Edge Architecture 1.0): ViewCache takes it as its own.
     */
    List<String> targetedLines() {
        if (!values.isEmpty() || surrogate.isEmpty()) {
            return values;
        }
        List<String> lines = new ArrayList<>(surrogate.size());
        for (String line : surrogate) {
            lines.add(line.replaceAll(";[^,]*", ""));
        }
        return lines;
    }

    @Override
    public void setHeader(String name, String value) {
        if (isField(name)) {
            setLines(name, value == null ? Collections.<String>emptyList()
                    : new ArrayList<>(Collections.singletonList(value)));
            return;
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (isField(name)) {
            if (value != null) {
                List<String> more = new ArrayList<>(linesOf(name));
                more.add(value);
                setLines(name, more);
            }
            return;
        }
        super.addHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
        return isField(name) ? !linesOf(name).isEmpty() : super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if (!isField(name)) {
            return super.getHeader(name);
        }
        List<String> lines = linesOf(name);
        return lines.isEmpty() ? null : lines.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return isField(name) ? Collections.unmodifiableList(linesOf(name)) : super.getHeaders(name);
    }
}
