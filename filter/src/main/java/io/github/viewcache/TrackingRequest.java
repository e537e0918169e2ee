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
 * Notices what rendering a page asks about its visitor (the session, the user, cookies) and
 * what it finds ({@link VisitorReads}). A read that finds nobody makes the page anonymous: it
 * may be stored for visitors who carry nothing either. A read that finds someone makes it
 * personal: not stored, by default ({@code store-personalized}). "Finds" is judged by what the
 * request carries as well as by what the call returned: a request with a session id that has
 * expired still belongs to a visitor with a session, and never gets nor makes the page of one
 * without.
 *
 * <p>It also keeps an async response on the capturing wrapper: {@code startAsync()} would
 * otherwise hand the application the container's unwrapped response, and the page's bytes
 * would bypass the copy.
 */
final class TrackingRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse capturing;
    private final Visitors visitors;
    private final boolean trackNewSessions;
    private final VisitorReads reads;
    private Boolean carriesSessionId;
    private Boolean carriesCookies;
    private HttpSession tracked;
    private HttpSession trackedOf;

    /**
     * @param trackNewSessions whether a session the render creates is handed out tracked
     *        ({@code cache-new-sessions}); otherwise creating one is all the page needs to be refused
     */
    TrackingRequest(HttpServletRequest request, HttpServletResponse capturing, Visitors visitors,
                    boolean trackNewSessions, VisitorReads reads) {
        super(request);
        this.capturing = capturing;
        this.visitors = visitors;
        this.trackNewSessions = trackNewSessions;
        this.reads = reads;
    }

    VisitorReads reads() {
        return reads;
    }

    private HttpServletRequest raw() {
        return (HttpServletRequest) getRequest();
    }

    private boolean carriesSessionId() {
        if (carriesSessionId == null) {
            carriesSessionId = visitors.carriesSessionId(raw());
        }
        return carriesSessionId;
    }

    private boolean carriesCookies() {
        if (carriesCookies == null) {
            carriesCookies = visitors.carriesCookies(raw());
        }
        return carriesCookies;
    }

    /** A session or user read: found when the call returned one, or when the request names a session. */
    private void sessionRead(String kind, String call, boolean returned) {
        if (returned) {
            reads.found(kind, call + " found " + (kind.equals(VisitorReads.SESSION) ? "a session" : "a user"));
        } else if (carriesSessionId()) {
            reads.found(kind, call + " on a request that carries a session id");
        } else {
            reads.askedAndFoundNone(kind);
        }
    }

    private void userRead(String call, boolean returned) {
        if (!returned && raw().getHeader("Authorization") != null) {
            reads.found(VisitorReads.USER, call + " on a request with Authorization");
            return;
        }
        sessionRead(VisitorReads.USER, call, returned);
    }

    private void cookieRead(String call) {
        if (carriesCookies()) {
            reads.found(VisitorReads.COOKIE, call + " found cookies");
        } else {
            reads.askedAndFoundNone(VisitorReads.COOKIE);
        }
    }

    private HttpSession session(HttpSession session, String call) {
        if (session == null) {
            sessionRead(VisitorReads.SESSION, call, false);
            return null;
        }
        if (session == trackedOf) {
            return tracked;
        }
        if (!carriesSessionId() && isNew(session)) {
            reads.newSession(session.getId(), call + " created a session");
            if (trackNewSessions) {
                trackedOf = session;
                tracked = TrackedSession.of(session, reads);
                return tracked;
            }
            return session;
        }
        sessionRead(VisitorReads.SESSION, call, true);
        return session;
    }

    private static boolean isNew(HttpSession session) {
        try {
            return session.isNew();
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    @Override
    public HttpSession getSession() {
        return session(super.getSession(), "getSession()");
    }

    @Override
    public HttpSession getSession(boolean create) {
        return session(super.getSession(create), create ? "getSession(true)" : "getSession(false)");
    }

    @Override
    public String getRequestedSessionId() {
        String id = super.getRequestedSessionId();
        sessionRead(VisitorReads.SESSION, "getRequestedSessionId()", id != null);
        return id;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        boolean valid = super.isRequestedSessionIdValid();
        sessionRead(VisitorReads.SESSION, "isRequestedSessionIdValid()", valid);
        return valid;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        boolean answer = super.isRequestedSessionIdFromCookie();
        sessionRead(VisitorReads.SESSION, "isRequestedSessionIdFromCookie()", answer);
        return answer;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        boolean answer = super.isRequestedSessionIdFromURL();
        sessionRead(VisitorReads.SESSION, "isRequestedSessionIdFromURL()", answer);
        return answer;
    }

    @Override
    public String changeSessionId() {
        reads.found(VisitorReads.SESSION, "changeSessionId()");
        return super.changeSessionId();
    }

    @Override
    public String getRemoteUser() {
        String user = super.getRemoteUser();
        userRead("getRemoteUser()", user != null);
        return user;
    }

    @Override
    public Principal getUserPrincipal() {
        Principal user = super.getUserPrincipal();
        userRead("getUserPrincipal()", user != null);
        return user;
    }

    @Override
    public boolean isUserInRole(String role) {
        boolean in = super.isUserInRole(role);
        userRead("isUserInRole(" + role + ")", in);
        return in;
    }

    @Override
    public String getAuthType() {
        String type = super.getAuthType();
        userRead("getAuthType()", type != null);
        return type;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        reads.found(VisitorReads.USER, "authenticate()");
        return super.authenticate(response);
    }

    @Override
    public void login(String username, String password) throws ServletException {
        reads.found(VisitorReads.USER, "login()");
        super.login(username, password);
    }

    @Override
    public void logout() throws ServletException {
        reads.found(VisitorReads.USER, "logout()");
        super.logout();
    }

    @Override
    public Cookie[] getCookies() {
        cookieRead("getCookies()");
        return super.getCookies();
    }

    @Override
    public String getHeader(String name) {
        if ("cookie".equalsIgnoreCase(name)) {
            cookieRead("getHeader(Cookie)");
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if ("cookie".equalsIgnoreCase(name)) {
            cookieRead("getHeaders(Cookie)");
        }
        return super.getHeaders(name);
    }

    @Override
    public AsyncContext startAsync() {
        return super.startAsync(this, capturing);
    }
}
