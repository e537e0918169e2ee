package io.github.viewcache;

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

    private StoreDecision(String refusal, long lifetimeMillis, List<String> vary) {
        this.refusal = refusal;
        this.lifetimeMillis = lifetimeMillis;
        this.vary = vary;
    }

    private static StoreDecision refuse(String reason) {
        return new StoreDecision(reason, 0, Collections.<String>emptyList());
    }

    static StoreDecision of(FilterSettings settings, HttpServletRequest request, TrackingRequest tracked,
                            CapturingResponse response, long nowMillis) {
        if (!settings.cacheableStatuses.contains(response.getStatus())) {
            return refuse("status");
        }
        if (response.errorSent()) {
            return refuse("error");
        }
        if (response.cookieAdded() || response.containsHeader("Set-Cookie")) {
            return refuse("set-cookie");
        }
        CacheControl cc = CacheControl.parse(response.getHeaders("Cache-Control"));
        if (cc.has("no-store")) {
            return refuse("no-store");
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
        if (tracked.personalizedBy() != null && !settings.storePersonalized) {
            return refuse("personalized-" + tracked.personalizedBy());
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
        if (!settings.honorCacheControl) {
            return new StoreDecision(null, settings.timeoutMillis(), vary);
        }
        if (cc.invalid()) {
            return refuse("invalid-cache-control");
        }
        long own = -1;
        if (cc.has("s-maxage")) {
            own = cc.seconds("s-maxage") * 1000;
        } else if (cc.has("max-age")) {
            own = cc.seconds("max-age") * 1000;
        } else if (response.getHeader("Expires") != null) {
            // An Expires that is not a date ("0", "-1") means already expired (RFC 9111 5.3).
            long expires = HttpDates.parse(response.getHeader("Expires"));
            long date = HttpDates.parse(response.getHeader("Date"));
            own = expires < 0 ? 0 : expires - (date < 0 ? nowMillis : date);
        }
        if (own == -1) {
            return new StoreDecision(null, settings.timeoutMillis(), vary);
        }
        if (own <= 0) {
            return refuse("stale");
        }
        long timeout = settings.timeoutMillis();
        return new StoreDecision(null, timeout == 0 ? own : Math.min(own, timeout), vary);
    }
}
