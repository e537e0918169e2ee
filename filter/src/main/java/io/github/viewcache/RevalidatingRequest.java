package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The client's request as the application sees it while ViewCache revalidates its stored
 * entry: with that entry's {@code If-None-Match} and {@code If-Modified-Since}. Only a
 * synchronous answer can be turned from a 304 into the stored page, so the conditionals are
 * withdrawn from the moment the application starts an asynchronous answer.
 */
final class RevalidatingRequest extends HttpServletRequestWrapper {

    private final String ifNoneMatch;
    private final String ifModifiedSince;
    private boolean withdrawn;

    RevalidatingRequest(HttpServletRequest request, CachedResponse entry) {
        super(request);
        this.ifNoneMatch = entry.etag;
        this.ifModifiedSince = entry.header("Last-Modified");
    }

    private String added(String name) {
        if (withdrawn) {
            return null;
        }
        if ("If-None-Match".equalsIgnoreCase(name)) {
            return ifNoneMatch;
        }
        return "If-Modified-Since".equalsIgnoreCase(name) ? ifModifiedSince : null;
    }

    @Override
    public String getHeader(String name) {
        String value = added(name);
        return value != null ? value : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = added(name);
        return value != null ? Collections.enumeration(Collections.singletonList(value)) : super.getHeaders(name);
    }

    @Override
    public long getDateHeader(String name) {
        String value = added(name);
        if (value == null) {
            return super.getDateHeader(name);
        }
        long date = HttpDates.parse(value);
        if (date < 0) {
            throw new IllegalArgumentException("not a date: " + value);
        }
        return date;
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
        if (!withdrawn) {
            if (ifNoneMatch != null) {
                names.add("If-None-Match");
            }
            if (ifModifiedSince != null) {
                names.add("If-Modified-Since");
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public AsyncContext startAsync() {
        withdrawn = true;
        return super.startAsync();
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        withdrawn = true;
        return super.startAsync(request, response);
    }

    /** Whether the conditionals were withdrawn: the application answers asynchronously. */
    boolean withdrawn() {
        return withdrawn;
    }
}
