package io.github.viewcache;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells visitors apart by what their request carries, never by what it says: a session id (in
 * the container's session cookie or a {@code ;jsessionid=} path parameter) and cookies other
 * than those {@code anonymous-ignored-cookies} names.
 *
 * <p>An anonymous page (one whose render asked who is visiting and found nobody) is stored
 * per class of visitor ({@link #VARY_NAME}, a name no real header can have, used as if the
 * response said {@code Vary} on it). Every request of a class lacks what that class lacks, so
 * it meets the conditions of any page rendered for a request of the same class: a visitor with
 * a session never gets the page rendered for one without, on any server.
 */
final class Visitors {

    /** Not a valid header name (parentheses are not token characters), so it cannot clash. */
    static final String VARY_NAME = "(visitor)";

    static final String DEFAULT_SESSION_COOKIE = "JSESSIONID";

    /** Requests carrying none of these, the only class whose pages most sites serve. */
    static final String ANONYMOUS = "anonymous";
    static final String COOKIES = "cookies";
    static final String SESSION = "session";
    static final String SESSION_AND_COOKIES = "session+cookies";

    private final String sessionCookie;
    private final String sessionPathParameter;
    private final List<CookieGlob> ignoredCookies;

    /**
     * @param sessionCookie the container's session cookie name ({@code SessionCookieConfig})
     * @param ignoredCookies {@code anonymous-ignored-cookies}: names, or globs with {@code *}
     */
    Visitors(String sessionCookie, List<CookieGlob> ignoredCookies) {
        this.sessionCookie = sessionCookie == null || sessionCookie.isEmpty() ? DEFAULT_SESSION_COOKIE : sessionCookie;
        this.sessionPathParameter = ";" + this.sessionCookie.toLowerCase(Locale.ROOT) + "=";
        this.ignoredCookies = Collections.unmodifiableList(ignoredCookies);
    }

    String sessionCookie() {
        return sessionCookie;
    }

    /** The class this request's visitor belongs to: the value {@link #VARY_NAME} keys by. */
    String classOf(HttpServletRequest request) {
        boolean session = carriesSessionId(request);
        boolean cookies = carriesCookies(request);
        if (session) {
            return cookies ? SESSION_AND_COOKIES : SESSION;
        }
        return cookies ? COOKIES : ANONYMOUS;
    }

    /** Whether visitors of this class ({@link #classOf}) carry a session id. */
    static boolean carriesSession(String visitorClass) {
        return visitorClass.startsWith(SESSION);
    }

    /**
     * Whether the request names a session, valid or not: the container's own answer, and in
     * case the container keeps no sessions for this application, the cookie or path parameter
     * itself.
     */
    boolean carriesSessionId(HttpServletRequest request) {
        if (request.getRequestedSessionId() != null) {
            return true;
        }
        String uri = request.getRequestURI();
        if (uri != null && uri.indexOf(';') >= 0
                && uri.toLowerCase(Locale.ROOT).contains(sessionPathParameter)) {
            return true;
        }
        return hasCookie(request, true);
    }

    /** Whether the request carries a cookie that {@code anonymous-ignored-cookies} does not name. */
    boolean carriesCookies(HttpServletRequest request) {
        return hasCookie(request, false);
    }

    /** Whether a cookie of this name counts as the visitor's (not ignored). */
    boolean counts(String cookieName) {
        for (CookieGlob glob : ignoredCookies) {
            if (glob.matches(cookieName)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the Cookie header's names (RFC 6265 5.4: {@code name=value} pairs separated by
     * {@code ;}); parsing it here, not through {@code getCookies()}, keeps the container's own
     * parser, and any tracking of the application's reads, out of it.
     */
    private boolean hasCookie(HttpServletRequest request, boolean sessionOnly) {
        Enumeration<String> lines = request.getHeaders("Cookie");
        if (lines == null) {
            return false;
        }
        while (lines.hasMoreElements()) {
            for (String pair : lines.nextElement().split(";")) {
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (sessionOnly ? name.equals(sessionCookie) : counts(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One {@code anonymous-ignored-cookies} entry: a cookie name, {@code *} matching any run of characters. */
    static final class CookieGlob {
        private final String text;
        private final String[] parts;

        CookieGlob(String text) {
            this.text = text;
            this.parts = text.split("\\*", -1);
        }

        boolean matches(String name) {
            if (parts.length == 1) {
                return name.equals(text);
            }
            if (!name.startsWith(parts[0])) {
                return false;
            }
            int at = parts[0].length();
            for (int i = 1; i < parts.length - 1; i++) {
                int found = name.indexOf(parts[i], at);
                if (found < 0) {
                    return false;
                }
                at = found + parts[i].length();
            }
            String last = parts[parts.length - 1];
            return name.length() - at >= last.length() && name.endsWith(last);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
