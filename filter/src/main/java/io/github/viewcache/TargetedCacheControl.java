package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Keeps the fields that speak to ViewCache alone for the cache and out of what clients
 * receive: the page's tags ({@code Surrogate-Key}, space-separated, as Fastly and Varnish's
 * xkey read it; passed on too with {@code keep-surrogate-key}, for an application behind
 * another cache that reads them), and the cache-control fields: its own {@code ViewCache-Cache-Control} (a targeted field, RFC 9213), then
 * {@code Surrogate-Control} (the Edge Architecture field reverse proxies read, for apps already
 * written for one). An application says {@code response.setHeader("ViewCache-Cache-Control",
 * "max-age=50")} to ViewCache alone, as {@code @cache.cached(timeout=50)} does in
 * Flask-Caching, while its {@code Cache-Control} still speaks to browsers and other caches.
 */
class TargetedCacheControl extends HttpServletResponseWrapper {

    static final String FIELD = "ViewCache-Cache-Control";
    static final String SURROGATE = "Surrogate-Control";
    static final String SURROGATE_KEY = "Surrogate-Key";

    private List<String> values = Collections.emptyList();
    private List<String> surrogate = Collections.emptyList();
    private List<String> surrogateKeys = Collections.emptyList();
    private final boolean keepSurrogateKey;

    /** @param keepSurrogateKey whether clients receive {@code Surrogate-Key} too */
    TargetedCacheControl(HttpServletResponse response, boolean keepSurrogateKey) {
        super(response);
        this.keepSurrogateKey = keepSurrogateKey;
    }

    /** The lines of {@code Surrogate-Key} the application set, in order. */
    List<String> surrogateKeyLines() {
        return surrogateKeys;
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
        if (SURROGATE_KEY.equalsIgnoreCase(name)) {
            surrogateKeys = value == null ? Collections.<String>emptyList()
                    : new ArrayList<>(Collections.singletonList(value));
            if (keepSurrogateKey) {
                super.setHeader(name, value);
            }
            return;
        }
        if (isField(name)) {
            setLines(name, value == null ? Collections.<String>emptyList()
                    : new ArrayList<>(Collections.singletonList(value)));
            return;
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (SURROGATE_KEY.equalsIgnoreCase(name)) {
            if (value != null) {
                List<String> more = new ArrayList<>(surrogateKeys);
                more.add(value);
                surrogateKeys = more;
                if (keepSurrogateKey) {
                    super.addHeader(name, value);
                }
            }
            return;
        }
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
        if (SURROGATE_KEY.equalsIgnoreCase(name)) {
            return !surrogateKeys.isEmpty();
        }
        return isField(name) ? !linesOf(name).isEmpty() : super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if (SURROGATE_KEY.equalsIgnoreCase(name)) {
            return surrogateKeys.isEmpty() ? null : surrogateKeys.get(0);
        }
        if (!isField(name)) {
            return super.getHeader(name);
        }
        List<String> lines = linesOf(name);
        return lines.isEmpty() ? null : lines.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        if (SURROGATE_KEY.equalsIgnoreCase(name)) {
            return Collections.unmodifiableList(surrogateKeys);
        }
        return isField(name) ? Collections.unmodifiableList(linesOf(name)) : super.getHeaders(name);
    }
}
