package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedis;

class ValuesOnRedisTest extends ValuesTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "redis", "redis-url", redis.url());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stringsAreStoredAsTheyAreAndOtherValuesAsJsonWithTheirTtl() {
        cache.set("greeting", "hello \"you\"", 60);
        cache.set("book", new Book("foo", 100), 0);

        assertEquals("hello \"you\"", new String(redis.client().hget(b("view/value:greeting"), b("string")),
                StandardCharsets.UTF_8));
        assertEquals("{\"name\":\"foo\",\"price\":100}",
                new String(redis.client().hget(b("view/value:book"), b("json")), StandardCharsets.UTF_8));
        long ttl = redis.client().ttl("view/value:greeting");
        assertTrue(ttl > 0 && ttl <= 60, "ttl " + ttl);
        assertEquals(-1, redis.client().ttl("view/value:book"));
    }

    @Test
    void deleteMemoizedReallyDeletesFromRedis() {
        BiFunction<Integer, Integer, Integer> add = cache.memoize("heavy_func", 300, Integer.class,
                (Integer a, Integer b) -> a + b);
        add.apply(1, 2);
        add.apply(3, 4);
        assertEquals(2, redis.client().hlen("view/memo:heavy_func"));

        cache.deleteMemoized("heavy_func", 1, 2);
        assertEquals(1, redis.client().hlen("view/memo:heavy_func"));
        assertFalse(redis.client().hexists(b("view/memo:heavy_func"), b("[1,2]")));

        cache.deleteMemoized("heavy_func");
        assertFalse(redis.client().exists("view/memo:heavy_func"));
    }

    @Test
    void aMemoizedFunctionIsSharedByEveryServerOnTheSameRedis() throws Exception {
        try (ViewCache batch = ViewCache.connect(redis.url())) {
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            BiFunction<Integer, Integer, Integer> here = cache.memoize("f", 300, Integer.class,
                    (Integer a, Integer b) -> runs.incrementAndGet() + 0 * a * b);
            BiFunction<Integer, Integer, Integer> there = batch.memoize("f", 300, Integer.class,
                    (Integer a, Integer b) -> runs.incrementAndGet() + 0 * a * b);

            assertEquals(1, here.apply(1, 2));
            assertEquals(1, there.apply(1, 2));
            assertEquals(1, runs.get());
        }
    }

    @Test
    void aBatchJobOutsideTheContainerEvictsWhatTheWebAppCached() throws Exception {
        get(server.uri("/pages/report"));
        assertEquals("HIT", header(get(server.uri("/pages/report")), "X-Cache"));

        try (ViewCache batch = ViewCache.connect(redis.url())) {
            assertTrue(batch.evict("/pages/report"));
            batch.set("from-batch", "hi", 60);
        }

        assertEquals("MISS", header(get(server.uri("/pages/report")), "X-Cache"));
        assertEquals("hi", cache.get("from-batch", String.class));
    }
}
