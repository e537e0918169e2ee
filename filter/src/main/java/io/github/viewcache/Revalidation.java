package io.github.viewcache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Revalidation (RFC 9111 section 4.3): the render of a page whose stored entry has expired
 * asks the application, with {@code If-None-Match} and {@code If-Modified-Since} from the
 * entry, whether it changed. A {@code 304} renews the entry (its headers updated from the
 * 304's, section 4.3.4) and the client gets the whole stored page; any other answer replaces
 * it as a render does.
 */
final class Revalidation {

    /** What a client sends when it validates or asks for a part itself: then its own request goes on as it is. */
    private static final List<String> CLIENT_CONDITIONALS = Arrays.asList(
            "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range");

    /**
     * Fields a 304 does not update (RFC 9111 3.2), as the public cache tests check them: those
     * that describe the stored body's bytes, and the validator it was selected by.
     */
    private static final Set<String> NOT_UPDATED = new HashSet<>(Arrays.asList(
            "content-length", "content-encoding", "content-range", "content-md5", "transfer-encoding", "etag"));

    /** The longest an expired entry is kept for revalidation. */
    static final long MAX_KEEP_MILLIS = 60 * 60 * 1000L;

    private Revalidation() {
    }

    /**
     * How long an entry the store keeps for {@code keepMillis} (its lifetime and stale
     * windows) is kept beyond that, so that it can be revalidated once expired: as long as it
     * lived again, at most an hour, when the application gave it a validator of its own (an
     * {@code ETag} or {@code Last-Modified}, which it can answer a conditional request about);
     * else not at all.
     */
    static long keepMillis(long keepMillis, long lifetimeMillis, boolean ownValidator) {
        if (keepMillis == 0 || !ownValidator) {
            return keepMillis;
        }
        return keepMillis + Math.min(lifetimeMillis, MAX_KEEP_MILLIS);
    }

    /**
     * Whether this render may ask the application about the stored entry: a GET without
     * conditionals or a range of its own, for an expired 200 entry with a validator that is
     * neither kept per visitor nor varies (a 304 then speaks for exactly that entry).
     */
    static boolean applies(PageVisit visit) {
        Lookup found = visit.found;
        if (found == null || found.entry == null || found.isFresh() || found.perVisitor
                || !"GET".equals(visit.request.getMethod())) {
            return false;
        }
        CachedResponse entry = found.entry;
        if (entry.status != 200 || entry.header("Vary") != null
                || entry.etag == null && entry.header("Last-Modified") == null) {
            return false;
        }
        for (String conditional : CLIENT_CONDITIONALS) {
            if (visit.request.getHeader(conditional) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stored entry renewed by a 304: its fields replaced by the 304's of the same name,
     * dated now, without expiry until {@link #lifetimeMillis} has read them
     * ({@link CachedResponse#expiringAt}).
     */
    static CachedResponse renewed(CachedResponse stored, List<CachedResponse.Header> notModified, long nowMillis) {
        Set<String> replaced = new HashSet<>();
        for (CachedResponse.Header h : notModified) {
            String name = h.name.toLowerCase(Locale.ROOT);
            if (!NOT_UPDATED.contains(name)) {
                replaced.add(name);
            }
        }
        replaced.add("date");
        List<CachedResponse.Header> headers = new ArrayList<>();
        for (CachedResponse.Header h : stored.headers) {
            if (!replaced.contains(h.name.toLowerCase(Locale.ROOT))) {
                headers.add(h);
            }
        }
        for (CachedResponse.Header h : notModified) {
            String name = h.name.toLowerCase(Locale.ROOT);
            if (replaced.contains(name) && !name.equals("date")) {
                headers.add(h);
            }
        }
        headers.add(new CachedResponse.Header("Date", HttpDates.format(nowMillis)));
        return new CachedResponse(stored.status, headers, nowMillis, 0,
                stored.gzippedByCache, stored.identityLength, stored.bodyArray(), stored.bodyOffset(),
                stored.bodyLength(), stored.tags);
    }

    /**
     * How long the renewed entry stays fresh, by the same rules as a stored render's, read
     * from the renewed headers (or ViewCache's own field, when the 304 set it); -1 when it may
     * not be kept ({@code no-store}, {@code private}, {@code no-cache}, or, with
     * {@code freshness=origin}, no freshness of its own).
     */
    static long lifetimeMillis(FilterSettings settings, List<String> targeted, CachedResponse renewed, long nowMillis) {
        boolean isTargeted = !targeted.isEmpty();
        CacheControl cc = CacheControl.parse(isTargeted ? targeted : renewed.headerValues("Cache-Control"));
        if (cc.has("no-store") || cc.has("private") || cc.has("no-cache") || cc.invalid()) {
            return -1;
        }
        long timeout = settings.timeoutMillis();
        if (!settings.honorCacheControl && !isTargeted) {
            return timeout;
        }
        long own = StoreDecision.ownFreshnessMillis(cc, isTargeted ? null : renewed.header("Expires"),
                renewed.header("Date"), nowMillis);
        if (own == -1) {
            return settings.originFreshness ? -1 : timeout;
        }
        if (own <= 0) {
            return -1;
        }
        return timeout == 0 ? own : Math.min(own, timeout);
    }
}
