package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a rendered response may be stored and for how long (RFC 9111 sections 3 and 4.2),
 * as a table of named rules; the first rule that refuses gives the {@code Cache-Status}
 * detail.
 */
final class StoreDecision {

    /** Why it is not stored, or {@code null} when it is. */
    final String refusal;
    /** How long it stays fresh; 0 for no expiry. */
    final long lifetimeMillis;
    /** The request headers its Vary names, lower case and sorted. */
    final List<String> vary;
    /**
     * Whether its {@code Expires} is the container's, for the session cookie the copy does not
     * carry ({@link #isContainersExpiry}): not stored with it.
     */
    final boolean dropExpires;
    /**
     * How old the response already was when the application sent it: its {@code Age} (it came
     * from another cache, or the application proxies one). Hits count their {@code Age} from
     * it, and it is spent from the response's own freshness (RFC 9111 4.2.3).
     */
    final long initialAgeMillis;

    private StoreDecision(String refusal, long lifetimeMillis, List<String> vary, boolean dropExpires) {
        this(refusal, lifetimeMillis, vary, dropExpires, 0);
    }

    private StoreDecision(String refusal, long lifetimeMillis, List<String> vary, boolean dropExpires,
                          long initialAgeMillis) {
        this.refusal = refusal;
        this.lifetimeMillis = lifetimeMillis;
        this.vary = vary;
        this.dropExpires = dropExpires;
        this.initialAgeMillis = initialAgeMillis;
    }

    /**
     * The response's {@code Age} in milliseconds: 0 when absent, -1 when it is not one line of
     * delta-seconds (a list, a sign, a fraction, a parameter), which makes the response stale
     * (RFC 9111 5.1).
     */
    static long ageMillis(Collection<String> lines) {
        if (lines.isEmpty()) {
            return 0;
        }
        String seconds = lines.size() == 1 ? lines.iterator().next().trim() : "";
        if (seconds.isEmpty() || seconds.length() > 10 || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(seconds) * 1000;
    }

    /**
     * The statuses RFC 9110 defines: with {@code must-understand}, a response of any other may
     * not be stored (RFC 9111 5.2.2.3).
     */
    private static boolean isUnderstood(int status) {
        return status >= 200 && status <= 206 || status >= 300 && status <= 308 && status != 306
                || status >= 400 && status <= 417 || status == 421 || status == 422 || status == 426
                || status >= 500 && status <= 505;
    }

    /**
     * Jetty marks every response that sets a cookie {@code Expires: Thu, 01 Jan 1970 00:00:00 GMT}
     * so that shared caches do not keep the cookie. For a page whose only cookie is the session
     * it created ({@code cache-new-sessions}), that date speaks for the cookie, which the copy
     * does not carry, not for the page.
     */
    static boolean isContainersExpiry(String expires) {
        return expires != null && HttpDates.parse(expires) == 0;
    }

    /**
     * The Vary names under which a refused render's hit-for-pass marker goes: those an entry
     * of it would have been stored under, so that exactly the requests that would have found
     * the entry find the marker. None for {@code Vary: *}: the marker then covers the variant.
     */
    static List<String> keyOfRefused(FilterSettings settings, TrackingRequest tracked, CapturingResponse response) {
        List<String> vary = VaryKey.names(response.getHeaders("Vary"));
        if (vary.contains("*")) {
            vary = Collections.emptyList();
        }
        return tracked.reads().askedAny() && !settings.storePersonalized ? withVisitor(vary) : vary;
    }

    /** Whether a cookie other than the session cookie of a session this render created is set. */
    private static boolean setsCookie(CapturingResponse response, boolean newSession, String sessionCookie) {
        for (String value : response.getHeaders("Set-Cookie")) {
            if (!newSession || !SessionIdInResponse.isSessionCookie(value, sessionCookie)) {
                return true;
            }
        }
        return false;
    }

    /** An anonymous page is stored per class of visitor, as if it said {@code Vary} on it. */
    private static List<String> withVisitor(List<String> vary) {
        List<String> names = new ArrayList<>(vary.size() + 1);
        names.add(Visitors.VARY_NAME); // sorts first: '(' comes before every letter
        names.addAll(vary);
        return Collections.unmodifiableList(names);
    }

    /**
     * The freshness a response gives itself (RFC 9111 4.2.1): {@code s-maxage}, else
     * {@code max-age}, else {@code Expires} counted from its {@code Date} (or now); -1 for none.
     */
    static long ownFreshnessMillis(CacheControl cc, String expires, String date, long nowMillis) {
        if (cc.has("s-maxage")) {
            return cc.seconds("s-maxage") * 1000;
        }
        if (cc.has("max-age")) {
            return cc.seconds("max-age") * 1000;
        }
        if (expires == null) {
            return -1;
        }
        // An Expires that is not a date ("0", "-1") means already expired (RFC 9111 5.3).
        long expiresAt = HttpDates.parse(expires);
        long dated = HttpDates.parse(date);
        return expiresAt < 0 ? 0 : expiresAt - (dated < 0 ? nowMillis : dated);
    }

    private static StoreDecision refuse(String reason) {
        return new StoreDecision(reason, 0, Collections.<String>emptyList(), false);
    }

    /**
     * @param visitors the container's session cookie, the one {@code Set-Cookie} a page that
     *        created a session may carry and still be stored ({@code cache-new-sessions})
     */
    static StoreDecision of(FilterSettings settings, HttpServletRequest request, TrackingRequest tracked,
                            CapturingResponse response, long nowMillis, Visitors visitors) {
        int status = response.getStatus();
        // By the response's own freshness, any final status may be stored but those a cache
        // answers itself (RFC 9111 3); by timeout, those listed.
        if (settings.originFreshness ? status == 206 || status == 304 : !settings.cacheableStatuses.contains(status)) {
            return refuse("status");
        }
        if (response.errorSent()) {
            return refuse("error");
        }
        VisitorReads reads = tracked.reads();
        String newSession = reads.newSessionId();
        if (response.cookieAdded() || setsCookie(response, newSession != null, visitors.sessionCookie())) {
            return refuse("set-cookie");
        }
        // ViewCache's own field, when the application sets it, speaks for ViewCache instead of
        // Cache-Control and Expires, which then speak to the client and other caches only (RFC 9213).
        List<String> targeted = response.targetedLines();
        boolean isTargeted = !targeted.isEmpty();
        CacheControl cc = CacheControl.parse(isTargeted ? targeted : response.getHeaders("Cache-Control"));
        if (cc.has("no-store") && !(cc.has("must-understand") && isUnderstood(status))) {
            return refuse("no-store");
        }
        if (cc.has("must-understand") && !isUnderstood(status)) {
            return refuse("status");
        }
        if (cc.has("private")) {
            return refuse("private");
        }
        if (cc.has("no-cache")) {
            return refuse("no-cache");
        }
        List<String> vary = VaryKey.names(response.getHeaders("Vary"));
        if (vary.contains("*")) {
            return refuse("vary-star");
        }
        if (request.getHeader("Authorization") != null && !cc.has("public") && !cc.has("s-maxage")) {
            return refuse("authorization");
        }
        if (reads.personal() != null && !settings.storePersonalized) {
            return refuse("personalized-" + reads.personal());
        }
        if (newSession != null) {
            if (!settings.cacheNewSessions) {
                return refuse("new-session");
            }
            if (reads.newSessionUse() != null) {
                return refuse("new-session-used");
            }
            if (SessionIdInResponse.find(response, newSession, visitors.sessionCookie()) != null) {
                return refuse("new-session-id");
            }
        }
        if (reads.askedAny() && !settings.storePersonalized) {
            vary = withVisitor(vary);
        }
        String expires = isTargeted ? null : response.getHeader("Expires");
        boolean dropExpires = newSession != null && isContainersExpiry(expires);
        if (dropExpires) {
            expires = null;
        }
        if (response.containsHeader("Content-Range")) {
            return refuse("partial");
        }
        if (response.body().overflowed()) {
            return refuse("too-large");
        }
        if (response.copyIncomplete()) {
            return refuse("unencodable");
        }
        if (SurrogateKeys.parse(response.surrogateKeyLines()) == null) {
            return refuse("surrogate-key"); // stored under some of its tags, an eviction by another would miss it
        }
        if (!settings.honorCacheControl && !isTargeted) {
            return new StoreDecision(null, settings.timeoutMillis(), vary, dropExpires);
        }
        if (cc.invalid()) {
            return refuse("invalid-cache-control");
        }
        long own = ownFreshnessMillis(cc, expires, response.getHeader("Date"), nowMillis);
        long age = ageMillis(response.getHeaders("Age"));
        if (age < 0) {
            return refuse("stale");
        }
        if (own == -1) {
            return settings.originFreshness ? refuse("no-freshness")
                    : new StoreDecision(null, settings.timeoutMillis(), vary, dropExpires, age);
        }
        // Its own freshness is counted from when it was made, which its Age says was earlier.
        long left = own - age;
        if (left <= 0) {
            return refuse("stale");
        }
        long timeout = settings.timeoutMillis();
        return new StoreDecision(null, timeout == 0 ? left : Math.min(left, timeout), vary, dropExpires, age);
    }
}
