package io.github.viewcache;

import java.util.function.Predicate;

/**
 * What one render asked about its visitor and what it found: the conditions an anonymous page
 * relies on, or the first thing that made the page personal, or the session it created.
 * Filled by {@link TrackingRequest} and {@link TrackedSession} on the render's thread(s).
 */
final class VisitorReads {

    /** The kinds of reads, as the {@code personalized-*} details name them. */
    static final String SESSION = "session";
    static final String USER = "user";
    static final String COOKIE = "cookie";

    /** Whose callers are wanted: by refusal reason, whether a log line would name it. */
    private final Predicate<String> callerWanted;

    private boolean askedSession;
    private boolean askedUser;
    private boolean askedCookies;

    private String personal;
    private String personalCall;
    private String personalCaller;

    private String newSessionId;
    private String newSessionCall;
    private String newSessionCaller;
    private String newSessionUse;

    VisitorReads(Predicate<String> callerWanted) {
        this.callerWanted = callerWanted;
    }

    /** A read that found nobody: the page relies on the visitor not having one. */
    void askedAndFoundNone(String kind) {
        switch (kind) {
            case SESSION:
                askedSession = true;
                break;
            case USER:
                askedUser = true;
                break;
            default:
                askedCookies = true;
        }
    }

    /** A read that found a session, a user or cookies: the page is this visitor's own. */
    void found(String kind, String call) {
        if (personal == null) {
            personal = kind;
            personalCall = call;
            if (callerWanted.test("personalized-" + kind)) {
                personalCaller = CallSite.ofCaller();
            }
        }
    }

    /** The render got a session the visitor did not send: created now, or earlier in this request. */
    void newSession(String id, String call) {
        if (newSessionId == null) {
            newSessionId = id;
            newSessionCall = call;
            if (callerWanted.test("new-session")) {
                newSessionCaller = CallSite.ofCaller();
            }
        }
    }

    /** The new session was used for more than its id: a value read from it, or written to it. */
    void newSessionUsed(String how) {
        if (newSessionUse == null) {
            newSessionUse = how;
        }
    }

    /** {@link #SESSION}, {@link #USER} or {@link #COOKIE}: what made the page personal; {@code null} if nothing did. */
    String personal() {
        return personal;
    }

    /** Whether the render asked about the visitor at all (so it must be stored per class of visitor). */
    boolean askedAny() {
        return askedSession || askedUser || askedCookies || personal != null || newSessionId != null;
    }

    /** The id of the session the render created, or {@code null}. */
    String newSessionId() {
        return newSessionId;
    }

    /** How the new session was used beyond its id, or {@code null}. */
    String newSessionUse() {
        return newSessionUse;
    }

    /** The conditions an anonymous page was stored under, for logs and tools: e.g. {@code no session, no cookies}. */
    String conditions() {
        StringBuilder s = new StringBuilder();
        if (askedSession || newSessionId != null) {
            s.append("no session");
        }
        if (askedUser) {
            s.append(s.length() == 0 ? "" : ", ").append("no user");
        }
        if (askedCookies) {
            s.append(s.length() == 0 ? "" : ", ").append("no cookies");
        }
        return s.toString();
    }

    /** For the refusal log: which call made the page personal or created the session, and from where. */
    String explain(String reason) {
        if (reason.startsWith("personalized-") && personalCall != null) {
            return personalCall + from(personalCaller);
        }
        if (reason.startsWith("new-session") && newSessionCall != null) {
            String use = newSessionUse == null ? "" : "; then " + newSessionUse;
            return newSessionCall + from(newSessionCaller) + use;
        }
        return null;
    }

    private static String from(String caller) {
        return caller == null ? "" : ", from " + caller;
    }
}
