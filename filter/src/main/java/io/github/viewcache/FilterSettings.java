package io.github.viewcache;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of one {@link ResponseCachingFilter}, parsed and checked once at {@code init()}.
 * Immutable: requests read these fields and never look at the init-params again.
 */
final class FilterSettings {

    static final String TIMEOUT = "timeout";
    static final String KEY_PREFIX = "key-prefix";
    static final String QUERY_STRING = "query-string";
    static final String CACHEABLE_STATUSES = "cacheable-statuses";
    static final String MAX_ENTRY_BYTES = "max-entry-bytes";
    static final String MAX_VARIANTS = "max-variants";
    static final String STORE = "store";
    static final String MEMORY_MAX_BYTES = "memory-max-bytes";
    static final String REDIS_URL = "redis-url";
    static final String REDIS_TIMEOUT_MS = "redis-timeout-ms";
    static final String REDIS_POOL_SIZE = "redis-pool-size";
    static final String REDIS_RETRY_MS = "redis-retry-ms";
    static final String REDIS_CA_FILE = "redis-ca-file";
    static final String EVICT_ON_WRITE = "evict-on-write";
    static final String EVICT_PARENTS = "evict-parents";
    static final String EVICT_RULES = "evict-rules";
    static final String EXCLUDE_PATHS = "exclude-paths";
    static final String KEEP_SURROGATE_KEY = "keep-surrogate-key";
    static final String KEY_HEADERS = "key-headers";
    static final String STORE_PERSONALIZED = "store-personalized";
    static final String ANONYMOUS_IGNORED_COOKIES = "anonymous-ignored-cookies";
    static final String CACHE_NEW_SESSIONS = "cache-new-sessions";
    static final String HONOR_CACHE_CONTROL = "honor-cache-control";
    static final String FRESHNESS = "freshness";
    static final String GZIP = "gzip";
    static final String GZIP_MIN_BYTES = "gzip-min-bytes";
    static final String LOCK_TIMEOUT_MS = "lock-timeout-ms";
    static final String STALE_SECONDS = "stale-seconds";
    static final String STALE_IF_ERROR_SECONDS = "stale-if-error-seconds";
    static final String NEAR_CACHE_MS = "near-cache-ms";
    static final String NEAR_CACHE_MAX_BYTES = "near-cache-max-bytes";

    static final List<String> ALL = Collections.unmodifiableList(Arrays.asList(
            TIMEOUT, KEY_PREFIX, QUERY_STRING, CACHEABLE_STATUSES, MAX_ENTRY_BYTES, MAX_VARIANTS,
            STORE, MEMORY_MAX_BYTES, REDIS_URL, REDIS_CA_FILE, REDIS_TIMEOUT_MS, REDIS_POOL_SIZE, REDIS_RETRY_MS,
            EVICT_ON_WRITE, EVICT_PARENTS, EVICT_RULES, EXCLUDE_PATHS, KEEP_SURROGATE_KEY, KEY_HEADERS, STORE_PERSONALIZED,
            ANONYMOUS_IGNORED_COOKIES, CACHE_NEW_SESSIONS, FRESHNESS, HONOR_CACHE_CONTROL, GZIP, GZIP_MIN_BYTES, LOCK_TIMEOUT_MS, STALE_SECONDS, STALE_IF_ERROR_SECONDS,
            NEAR_CACHE_MS, NEAR_CACHE_MAX_BYTES));

    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    static final String DEFAULT_KEY_PREFIX = "view/";
    static final int DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;
    static final int DEFAULT_MAX_VARIANTS = 100;
    static final long DEFAULT_MEMORY_MAX_BYTES = 64L * 1024 * 1024;
    static final String DEFAULT_REDIS_URL = "redis://localhost:6379";
    static final int DEFAULT_REDIS_TIMEOUT_MS = 1000;
    static final int DEFAULT_REDIS_POOL_SIZE = 64;
    static final int DEFAULT_REDIS_RETRY_MS = 2000;
    static final int DEFAULT_GZIP_MIN_BYTES = 1024;
    static final int DEFAULT_LOCK_TIMEOUT_MS = 15_000;
    static final long DEFAULT_NEAR_CACHE_MAX_BYTES = 16L * 1024 * 1024;

    /** Redis refuses strings over 512 MiB; a page that large is no cache candidate anyway. */
    static final int LARGEST_ENTRY_BYTES = 512 * 1024 * 1024;

    final int timeoutSeconds;
    final String keyPrefix;
    final QueryStringMode queryString;
    final Set<Integer> cacheableStatuses;
    final int maxEntryBytes;
    final int maxVariants;
    final StoreKind store;
    final long memoryMaxBytes;
    final RedisEndpoint redisUrl;
    /** The CAs a {@code rediss://} connection trusts instead of the JVM's; {@code null} for the JVM's. */
    final RedisTrust redisCaFile;
    final int redisTimeoutMs;
    final int redisPoolSize;
    final int redisRetryMs;
    final boolean evictOnWrite;
    final boolean evictParents;
    final List<EvictionRule> evictRules;
    final PathPatterns excludePaths;
    /** Whether clients receive the {@code Surrogate-Key} a page is tagged with. */
    final boolean keepSurrogateKey;
    /** Lower case, in the order given. */
    final List<String> keyHeaders;
    final boolean storePersonalized;
    /** Cookies that do not make a visitor someone: analytics and consent cookies, say. */
    final List<Visitors.CookieGlob> anonymousIgnoredCookies;
    final boolean cacheNewSessions;
    final boolean honorCacheControl;
    /** Whether a response is stored only when it says how long it stays fresh ({@code freshness=origin}). */
    final boolean originFreshness;
    final boolean gzip;
    final int gzipMinBytes;
    final int lockTimeoutMs;
    final int staleSeconds;
    final int staleIfErrorSeconds;
    final int nearCacheMs;
    final long nearCacheMaxBytes;
    /**
     * A fingerprint of the settings that decide what may be stored; an entry keeps the one it
     * was stored under, and is a miss under others (never 0, which marks an entry without one).
     */
    final int storageRules;

    private FilterSettings(Reader r) {
        timeoutSeconds = r.integer(TIMEOUT, DEFAULT_TIMEOUT_SECONDS, 0, Integer.MAX_VALUE,
                "a whole number of seconds, 0 for no expiry");
        keyPrefix = r.keyPrefix();
        queryString = r.choice(QUERY_STRING, QueryStringMode.INCLUDE, QueryStringMode.class);
        cacheableStatuses = r.statuses();
        maxEntryBytes = r.integer(MAX_ENTRY_BYTES, DEFAULT_MAX_ENTRY_BYTES, 1, LARGEST_ENTRY_BYTES,
                "a number of bytes from 1 to " + LARGEST_ENTRY_BYTES);
        maxVariants = r.integer(MAX_VARIANTS, DEFAULT_MAX_VARIANTS, 1, 1_000_000,
                "a whole number from 1 to 1000000");
        store = r.choice(STORE, StoreKind.REDIS, StoreKind.class);
        memoryMaxBytes = r.longInteger(MEMORY_MAX_BYTES, DEFAULT_MEMORY_MAX_BYTES, 1, Long.MAX_VALUE,
                "a number of bytes, 1 or more");
        redisUrl = r.redisUrl();
        redisCaFile = r.redisCaFile(redisUrl);
        redisTimeoutMs = r.integer(REDIS_TIMEOUT_MS, DEFAULT_REDIS_TIMEOUT_MS, 1, 600_000,
                "a number of milliseconds from 1 to 600000");
        redisPoolSize = r.integer(REDIS_POOL_SIZE, DEFAULT_REDIS_POOL_SIZE, 1, 10_000,
                "a whole number from 1 to 10000");
        redisRetryMs = r.integer(REDIS_RETRY_MS, DEFAULT_REDIS_RETRY_MS, 1, 3_600_000,
                "a number of milliseconds from 1 to 3600000");
        evictOnWrite = r.bool(EVICT_ON_WRITE, true);
        evictParents = r.bool(EVICT_PARENTS, true);
        keepSurrogateKey = r.bool(KEEP_SURROGATE_KEY, false);
        evictRules = r.evictRules();
        excludePaths = r.excludePaths();
        keyHeaders = r.headerNames(KEY_HEADERS);
        storePersonalized = r.bool(STORE_PERSONALIZED, false);
        anonymousIgnoredCookies = r.cookieGlobs(ANONYMOUS_IGNORED_COOKIES);
        cacheNewSessions = r.bool(CACHE_NEW_SESSIONS, false);
        honorCacheControl = r.bool(HONOR_CACHE_CONTROL, true);
        originFreshness = r.choice(FRESHNESS, FreshnessMode.TIMEOUT, FreshnessMode.class) == FreshnessMode.ORIGIN;
        if (originFreshness && !honorCacheControl) {
            throw new IllegalArgumentException("Invalid init-param [" + FRESHNESS + "]: [origin] with ["
                    + HONOR_CACHE_CONTROL + "]=[false]; allowed: freshness=origin lets the response's own headers"
                    + " decide, so it needs honor-cache-control=true (or freshness=timeout)");
        }
        gzip = r.choice(GZIP, GzipMode.AUTO, GzipMode.class) == GzipMode.AUTO;
        gzipMinBytes = r.integer(GZIP_MIN_BYTES, DEFAULT_GZIP_MIN_BYTES, 0, Integer.MAX_VALUE,
                "a number of bytes, 0 or more");
        lockTimeoutMs = r.integer(LOCK_TIMEOUT_MS, DEFAULT_LOCK_TIMEOUT_MS, 0, 3_600_000,
                "a number of milliseconds from 0 (no stampede protection) to 3600000");
        staleSeconds = r.integer(STALE_SECONDS, 0, 0, Integer.MAX_VALUE / 1000,
                "a whole number of seconds, 0 (never serve stale) or more");
        staleIfErrorSeconds = r.integer(STALE_IF_ERROR_SECONDS, 0, 0, Integer.MAX_VALUE / 1000,
                "a whole number of seconds, 0 (never serve stale) or more");
        nearCacheMs = r.integer(NEAR_CACHE_MS, 0, 0, 3_600_000,
                "a number of milliseconds from 0 (no near cache) to 3600000");
        nearCacheMaxBytes = r.longInteger(NEAR_CACHE_MAX_BYTES, DEFAULT_NEAR_CACHE_MAX_BYTES, 1, Long.MAX_VALUE,
                "a number of bytes, 1 or more");
        storageRules = storageRules();
    }

    /**
     * The settings whose change can make a stored page one that may no longer be stored (or
     * served to whom it would be): a restart with safer ones must not go on serving what the
     * old ones let in. {@code timeout}, sizes and compression do not decide that.
     */
    private int storageRules() {
        String rules = STORE_PERSONALIZED + '=' + storePersonalized + '\n' + CACHEABLE_STATUSES + '=' + cacheableStatuses
                + '\n' + KEY_HEADERS + '=' + keyHeaders + '\n' + ANONYMOUS_IGNORED_COOKIES + '=' + anonymousIgnoredCookies
                + '\n' + CACHE_NEW_SESSIONS + '=' + cacheNewSessions + '\n' + HONOR_CACHE_CONTROL + '=' + honorCacheControl
                + '\n' + FRESHNESS + '=' + originFreshness;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(rules.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int value = (int) crc.getValue();
        return value == 0 ? 1 : value;
    }

    /**
     * How long Redis keeps an entry of this lifetime: past its freshness for as long as it may
     * still be served stale. 0 stays 0 (no expiry).
     */
    long keepMillis(long lifetimeMillis) {
        if (lifetimeMillis == 0) {
            return 0;
        }
        return lifetimeMillis + 1000L * Math.max(staleSeconds, staleIfErrorSeconds);
    }

    /** The values of {@code freshness}: who decides how long a page stays fresh. */
    enum FreshnessMode {
        /** {@code timeout}, shortened by the response's own freshness: stored unless a rule refuses. */
        TIMEOUT,
        /** the response's own freshness, capped by {@code timeout}: stored only when it has some. */
        ORIGIN
    }

    /** The values of {@code gzip}. */
    enum GzipMode {
        AUTO,
        OFF
    }

    /**
     * @throws IllegalArgumentException naming the setting, its value, where it came from and
     *         what is allowed
     */
    static FilterSettings parse(SettingsSource source) {
        for (String name : source.initParamNames()) {
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("Unknown init-param [" + name + "]; the known ones are "
                        + ALL);
            }
        }
        return new FilterSettings(new Reader(source));
    }

    long timeoutMillis() {
        return timeoutSeconds * 1000L;
    }

    /** One line for the log at start-up; it never shows a Redis password. */
    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(TIMEOUT).append('=').append(timeoutSeconds).append("s, ")
                .append(KEY_PREFIX).append("=[").append(keyPrefix).append("], ")
                .append(QUERY_STRING).append('=').append(lower(queryString)).append(", ")
                .append(CACHEABLE_STATUSES).append('=').append(cacheableStatuses).append(", ")
                .append(MAX_ENTRY_BYTES).append('=').append(maxEntryBytes).append(", ")
                .append(MAX_VARIANTS).append('=').append(maxVariants).append(", ")
                .append(STORE).append('=').append(lower(store));
        s.append(", ").append(EVICT_ON_WRITE).append('=').append(evictOnWrite)
                .append(", ").append(EVICT_PARENTS).append('=').append(evictParents)
                .append(", ").append(EVICT_RULES).append('=').append(evictRules)
                .append(", ").append(EXCLUDE_PATHS).append('=').append(excludePaths)
                .append(", ").append(KEEP_SURROGATE_KEY).append('=').append(keepSurrogateKey)
                .append(", ").append(KEY_HEADERS).append('=').append(keyHeaders)
                .append(", ").append(STORE_PERSONALIZED).append('=').append(storePersonalized)
                .append(", ").append(ANONYMOUS_IGNORED_COOKIES).append('=').append(anonymousIgnoredCookies)
                .append(", ").append(CACHE_NEW_SESSIONS).append('=').append(cacheNewSessions)
                .append(", ").append(FRESHNESS).append('=').append(originFreshness ? "origin" : "timeout")
                .append(", ").append(HONOR_CACHE_CONTROL).append('=').append(honorCacheControl)
                .append(", ").append(GZIP).append('=').append(gzip ? "auto" : "off")
                .append(", ").append(GZIP_MIN_BYTES).append('=').append(gzipMinBytes)
                .append(", ").append(LOCK_TIMEOUT_MS).append('=').append(lockTimeoutMs)
                .append(", ").append(STALE_SECONDS).append('=').append(staleSeconds)
                .append(", ").append(STALE_IF_ERROR_SECONDS).append('=').append(staleIfErrorSeconds)
                .append(", ").append(NEAR_CACHE_MS).append('=').append(nearCacheMs)
                .append(", ").append(NEAR_CACHE_MAX_BYTES).append('=').append(nearCacheMaxBytes);
        if (store == StoreKind.REDIS) {
            s.append(", ").append(REDIS_URL).append('=').append(redisUrl)
                    .append(", ").append(REDIS_CA_FILE).append('=').append(redisCaFile == null ? "none" : redisCaFile)
                    .append(", ").append(REDIS_TIMEOUT_MS).append('=').append(redisTimeoutMs)
                    .append(", ").append(REDIS_POOL_SIZE).append('=').append(redisPoolSize)
                    .append(", ").append(REDIS_RETRY_MS).append('=').append(redisRetryMs);
        } else if (store == StoreKind.MEMORY) {
            s.append(", ").append(MEMORY_MAX_BYTES).append('=').append(memoryMaxBytes);
        }
        return s.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Reads one setting at a time and builds the error that names it. */
    private static final class Reader {
        private final SettingsSource source;

        Reader(SettingsSource source) {
            this.source = source;
        }

        private IllegalArgumentException invalid(String name, SettingsSource.Value v, String allowed) {
            String where = v.origin.equals("init-param") ? "" : " (from " + v.origin + ")";
            return new IllegalArgumentException("Invalid init-param [" + name + "]: [" + v.text + "]"
                    + where + "; allowed: " + allowed);
        }

        int integer(String name, int fallback, int min, int max, String allowed) {
            return (int) longInteger(name, fallback, min, max, allowed);
        }

        long longInteger(String name, long fallback, long min, long max, String allowed) {
            SettingsSource.Value v = source.lookup(name);
            if (v == null) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(v.text.trim());
            } catch (NumberFormatException e) {
                throw invalid(name, v, allowed);
            }
            if (n < min || n > max) {
                throw invalid(name, v, allowed);
            }
            return n;
        }

        <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
            SettingsSource.Value v = source.lookup(name);
            if (v == null) {
                return fallback;
            }
            for (E e : type.getEnumConstants()) {
                if (lower(e).equals(v.text.trim().toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            StringBuilder allowed = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(lower(e));
            }
            throw invalid(name, v, allowed.toString());
        }

        boolean bool(String name, boolean fallback) {
            SettingsSource.Value v = source.lookup(name);
            if (v == null) {
                return fallback;
            }
            String text = v.text.trim().toLowerCase(Locale.ROOT);
            if (text.equals("true")) {
                return true;
            }
            if (text.equals("false")) {
                return false;
            }
            throw invalid(name, v, "true, false");
        }

        List<EvictionRule> evictRules() {
            SettingsSource.Value v = source.lookup(EVICT_RULES);
            if (v == null) {
                return Collections.emptyList();
            }
            try {
                return EvictionRule.parseAll(v.text);
            } catch (IllegalArgumentException e) {
                throw invalid(EVICT_RULES, v, e.getMessage());
            }
        }

        List<String> headerNames(String name) {
            SettingsSource.Value v = source.lookup(name);
            if (v == null) {
                return Collections.emptyList();
            }
            List<String> names = new java.util.ArrayList<>();
            for (String token : v.text.trim().split("[,\\s]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!token.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw invalid(name, v, "header names separated by commas, e.g. X-Forwarded-Host, "
                            + "X-Forwarded-Proto; [" + token + "] is not a header name");
                }
                String lower = token.toLowerCase(Locale.ROOT);
                if (!names.contains(lower)) {
                    names.add(lower);
                }
            }
            return Collections.unmodifiableList(names);
        }

        List<Visitors.CookieGlob> cookieGlobs(String name) {
            SettingsSource.Value v = source.lookup(name);
            if (v == null) {
                return Collections.emptyList();
            }
            List<Visitors.CookieGlob> globs = new java.util.ArrayList<>();
            for (String token : v.text.trim().split("[,\\s]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                // RFC 6265's cookie-name is a token; * is a token character too, taken here as a glob.
                if (!token.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || token.equals("*")) {
                    throw invalid(name, v, "cookie names or globs separated by commas, e.g. _ga*, _gid, "
                            + "cookie_consent; [" + token + "] is not a cookie name"
                            + (token.equals("*") ? " (a lone * would ignore every cookie)" : ""));
                }
                globs.add(new Visitors.CookieGlob(token));
            }
            return Collections.unmodifiableList(globs);
        }

        PathPatterns excludePaths() {
            SettingsSource.Value v = source.lookup(EXCLUDE_PATHS);
            if (v == null) {
                return PathPatterns.NONE;
            }
            try {
                return PathPatterns.parse(v.text);
            } catch (IllegalArgumentException e) {
                throw invalid(EXCLUDE_PATHS, v, e.getMessage());
            }
        }

        String keyPrefix() {
            SettingsSource.Value v = source.lookup(KEY_PREFIX);
            if (v == null) {
                return DEFAULT_KEY_PREFIX;
            }
            for (int i = 0; i < v.text.length(); i++) {
                char c = v.text.charAt(i);
                if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                    throw invalid(KEY_PREFIX, v, "any text without spaces or control characters");
                }
            }
            return v.text;
        }

        Set<Integer> statuses() {
            SettingsSource.Value v = source.lookup(CACHEABLE_STATUSES);
            if (v == null) {
                return Collections.singleton(200);
            }
            String allowed = "a comma-separated list of final status codes from 200 to 599 "
                    + "(206 and 304 excepted: the cache answers those itself), e.g. 200,203,301";
            Set<Integer> statuses = new TreeSet<>();
            for (String part : v.text.split(",")) {
                String token = part.trim();
                int status;
                try {
                    status = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    throw invalid(CACHEABLE_STATUSES, v, allowed);
                }
                if (status < 200 || status > 599 || status == 206 || status == 304) {
                    throw invalid(CACHEABLE_STATUSES, v, allowed);
                }
                statuses.add(status);
            }
            return Collections.unmodifiableSet(statuses);
        }

        RedisTrust redisCaFile(RedisEndpoint url) {
            SettingsSource.Value v = source.lookup(REDIS_CA_FILE);
            if (v == null || v.text.trim().isEmpty()) {
                return null; // empty: none, so an override can unset it
            }
            if (!url.tls) {
                throw invalid(REDIS_CA_FILE, v, "a PEM file of certificates, with a rediss:// redis-url"
                        + " (redis-url is " + url + ", not TLS)");
            }
            try {
                return RedisTrust.load(v.text.trim());
            } catch (IllegalArgumentException e) {
                throw invalid(REDIS_CA_FILE, v, "a readable PEM file of CA certificates; " + e.getMessage());
            }
        }

        RedisEndpoint redisUrl() {
            SettingsSource.Value v = source.lookup(REDIS_URL);
            if (v == null) {
                return RedisEndpoint.parse(DEFAULT_REDIS_URL);
            }
            try {
                return RedisEndpoint.parse(v.text);
            } catch (IllegalArgumentException e) {
                // Never echo a URL that may hold a password.
                SettingsSource.Value masked = new SettingsSource.Value(maskPassword(v.text), v.origin);
                throw invalid(REDIS_URL, masked, RedisEndpoint.FORMS + "; " + e.getMessage());
            }
        }

        private static String maskPassword(String url) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            if (at < 0 || scheme < 0 || at < scheme) {
                return url;
            }
            String userInfo = url.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
            return url.substring(0, scheme + 3) + shown + url.substring(at);
        }
    }
}
