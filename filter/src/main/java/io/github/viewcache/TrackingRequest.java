package io.github.viewcache;

import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Notices when rendering a page reads who is asking: the session, the user, or cookies. Such a
 * page may differ per visitor, so by default it is not stored ({@code store-personalized}).
 *
 * <p>It also keeps an async response on the capturing wrapper: {@code startAsync()} would
 * otherwise hand the application the container's unwrapped response, and the page's bytes
 * would bypass the copy.
 */
final class TrackingRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse capturing;
    private String personalizedBy;

    TrackingRequest(HttpServletRequest request, HttpServletResponse capturing) {
        super(request);
        this.capturing = capturing;
    }

    /** What made the page personal ({@code session}, {@code user}, {@code cookie}), or {@code null}. */
    String personalizedBy() {
        return personalizedBy;
    }

    private void read(String what) {
        if (personalizedBy == null) {
            personalizedBy = what;
        }
    }

    @Override
    public HttpSession getSession() {
        read("session");
        return super.getSession();
    }

    @Override
    public HttpSession getSession(boolean create) {
        read("session");
        return super.getSession(create);
    }

    @Override
    public String getRequestedSessionId() {
        read("session");
        return super.getRequestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        read("session");
        return super.isRequestedSessionIdValid();
    }

    @Override
    public String changeSessionId() {
        read("session");
        return super.changeSessionId();
    }

    @Override
    public String getRemoteUser() {
        read("user");
        return super.getRemoteUser();
    }

    @Override
    public Principal getUserPrincipal() {
        read("user");
        return super.getUserPrincipal();
    }

    @Override
    public boolean isUserInRole(String role) {
        read("user");
        return super.isUserInRole(role);
    }

    @Override
    public String getAuthType() {
        read("user");
        return super.getAuthType();
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        read("user");
        return super.authenticate(response);
    }

    @Override
    public void login(String username, String password) throws ServletException {
        read("user");
        super.login(username, password);
    }

    @Override
    public Cookie[] getCookies() {
        read("cookie");
        return super.getCookies();
    }

    @Override
    public String getHeader(String name) {
        if ("cookie".equalsIgnoreCase(name)) {
            read("cookie");
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if ("cookie".equalsIgnoreCase(name)) {
            read("cookie");
        }
        return super.getHeaders(name);
    }

    @Override
    public AsyncContext startAsync() {
        return super.startAsync(this, capturing);
    }
}
