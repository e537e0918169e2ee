package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterSettingsTest {

    private static FilterSettings parse(Map<String, String> initParams) {
        return FilterSettings.parse(new SettingsSource(initParams, name -> null, name -> null));
    }

    @Test
    void defaults() {
        FilterSettings s = parse(Map.of());
        assertEquals(300, s.timeoutSeconds);
        assertEquals("view/", s.keyPrefix);
        assertEquals(QueryStringMode.INCLUDE, s.queryString);
        assertEquals(Set.of(200), s.cacheableStatuses);
        assertEquals(1024 * 1024, s.maxEntryBytes);
        assertEquals(StoreKind.REDIS, s.store);
        assertEquals("redis://localhost:6379/0", s.redisUrl.toString());
        assertEquals(1000, s.redisTimeoutMs);
        assertEquals(false, s.cacheNewSessions);
        assertEquals(List.of(), s.anonymousIgnoredCookies);
    }

    @Test
    void originFreshnessNeedsTheResponsesOwnHeaders() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("freshness", "origin", "honor-cache-control", "false")));
        assertTrue(e.getMessage().contains("[freshness]: [origin] with [honor-cache-control]=[false]"), e.getMessage());
    }

    @Test
    void ignoredCookiesAreNamesOrGlobs() {
        Visitors visitors = new Visitors(null,
                parse(Map.of("anonymous-ignored-cookies", "_ga*, consent *_pk_*")).anonymousIgnoredCookies);
        assertEquals(false, visitors.counts("_ga"));
        assertEquals(false, visitors.counts("_ga_ABC123"));
        assertEquals(false, visitors.counts("consent"));
        assertEquals(false, visitors.counts("x_pk_id"));
        assertEquals(true, visitors.counts("consents"));
        assertEquals(true, visitors.counts("ga"));
        assertEquals(true, visitors.counts("JSESSIONID"));
    }

    @Test
    void readsEveryParam() {
        Map<String, String> p = new HashMap<>();
        p.put("timeout", " 0 ");
        p.put("key-prefix", "books:");
        p.put("query-string", "IGNORE");
        p.put("cacheable-statuses", "200, 404,410");
        p.put("max-entry-bytes", "2048");
        p.put("max-variants", "7");
        p.put("store", "memory");
        p.put("memory-max-bytes", "4096");
        p.put("redis-url", "redis://:pw@redis.internal:6380/2");
        p.put("redis-timeout-ms", "250");
        p.put("redis-pool-size", "8");
        FilterSettings s = parse(p);
        assertEquals(0, s.timeoutSeconds);
        assertEquals(0, s.timeoutMillis());
        assertEquals("books:", s.keyPrefix);
        assertEquals(QueryStringMode.IGNORE, s.queryString);
        assertEquals(Set.of(200, 404, 410), s.cacheableStatuses);
        assertEquals(2048, s.maxEntryBytes);
        assertEquals(7, s.maxVariants);
        assertEquals(StoreKind.MEMORY, s.store);
        assertEquals(4096, s.memoryMaxBytes);
        assertEquals(6380, s.redisUrl.port);
        assertEquals(250, s.redisTimeoutMs);
        assertEquals(8, s.redisPoolSize);
    }

    @ParameterizedTest(name = "{0}=[{1}]")
    @CsvSource(delimiter = '|', value = {
            "timeout            | -1       | whole number of seconds",
            "timeout            | 5m       | whole number of seconds",
            "key-prefix         | 'a b'    | without spaces",
            "query-string       | sorted   | include, ignore",
            "cacheable-statuses | 200,abc  | final status codes",
            "cacheable-statuses | 304      | 304 excepted",
            "cacheable-statuses | 99       | from 200 to 599",
            "max-entry-bytes    | 0        | number of bytes",
            "max-variants       | 0        | from 1",
            "store              | disk     | redis, memory, none",
            "memory-max-bytes   | lots     | number of bytes",
            "redis-url          | http://x | redis://",
            "redis-timeout-ms   | 0        | milliseconds",
            "redis-pool-size    | 0        | from 1",
            "evict-parents      | yes      | true, false",
            "evict-on-write     | 1        | true, false",
            "exclude-paths      | admin/*  | /prefix/*",
            "exclude-paths      | /a/b*/c  | /prefix/*",
            "cache-new-sessions | on       | true, false",
            "freshness          | heuristic | timeout, origin",
            "anonymous-ignored-cookies | 'a=b'  | cookie names or globs",
            "anonymous-ignored-cookies | '*'    | would ignore every cookie",
    })
    void aBadValueIsNamedWithWhatIsAllowed(String param, String value, String allowed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(param, value)));
        assertTrue(e.getMessage().contains("[" + param + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("[" + value + "]"), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PUT /books/* /books                | rule 1 [PUT /books/* /books] has no '->'",
            "GET /books -> /x                   | has method [GET]",
            "POST /a -> /b; PUT books -> /books | rule 2 [PUT books -> /books]",
            "PUT /books/x* -> /books            | not a whole segment",
            "PUT /books -> /shelves/*           | more '*' than the path",
            "DELETE /books -> shelves           | [shelves], not a path",
    })
    void aBadEvictRuleNamesTheRule(String rules, String complaint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("evict-rules", rules)));
        assertTrue(e.getMessage().contains("[evict-rules]"), e.getMessage());
        assertTrue(e.getMessage().contains(complaint), e.getMessage());
    }

    @Test
    void evictRulesAndExcludePathsAreReadOnce() {
        FilterSettings s = parse(Map.of(
                "evict-rules", " PUT /books/* -> /books, /shelves/*\n\n# note\npost /orders -> /reports/daily ",
                "exclude-paths", "/books/admin/*, *.csv /health",
                "evict-parents", "FALSE"));
        assertEquals(2, s.evictRules.size());
        assertFalse(s.evictParents);
        assertTrue(s.evictOnWrite);
        assertTrue(s.excludePaths.matches("/books/admin"));
        assertTrue(s.excludePaths.matches("/books/admin/users"));
        assertTrue(s.excludePaths.matches("/x/report.csv"));
        assertTrue(s.excludePaths.matches("/health"));
        assertFalse(s.excludePaths.matches("/books/administrator"));
        assertFalse(s.excludePaths.matches("/books"));
    }

    @Test
    void anUnknownParamIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("timout", "60")));
        assertTrue(e.getMessage().contains("[timout]"), e.getMessage());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    }

    @Test
    void aBadRedisUrlIsReportedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("redis-url", "redis://app:hunter2@host/notanumber")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://app:***@host/notanumber"), e.getMessage());
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsInitParam() {
        Map<String, String> props = Map.of("viewcache.timeout", "10");
        Map<String, String> env = Map.of("VIEWCACHE_TIMEOUT", "20", "VIEWCACHE_KEY_PREFIX", "env:");
        Map<String, String> init = Map.of("timeout", "30", "key-prefix", "init:", "max-variants", "3");

        FilterSettings s = FilterSettings.parse(new SettingsSource(init, props::get, env::get));

        assertEquals(10, s.timeoutSeconds);
        assertEquals("env:", s.keyPrefix);
        assertEquals(3, s.maxVariants);
    }

    @Test
    void anOverrideWithABadValueSaysWhereItCameFrom() {
        Map<String, String> env = Map.of("VIEWCACHE_REDIS_TIMEOUT_MS", "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilterSettings.parse(new SettingsSource(Map.of(), n -> null, env::get)));
        assertTrue(e.getMessage().contains("environment variable VIEWCACHE_REDIS_TIMEOUT_MS"), e.getMessage());
    }

    @Test
    void theSummaryNeverShowsTheRedisPassword() {
        String summary = parse(Map.of("redis-url", "redis://u:hunter2@h:1/0")).summary();
        assertFalse(summary.contains("hunter2"), summary);
        assertTrue(summary.contains("redis://u:***@h:1/0"), summary);
    }
}
