package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** near-cache-ms: hot entries answered in-process, dropped on writes here at once and elsewhere soon. */
class NearCacheTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    final VersionsServlet data = new VersionsServlet();
    JettyServer a;
    JettyServer b;

    JettyServer start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url(), "near-cache-ms", "60000"), params);
        return new JettyServer().filter("near", p, "/pages/*").servlet(data, "/pages/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static String cacheStatus(HttpResponse<byte[]> r) {
        return header(r, "Cache-Status");
    }

    @Test
    void aHotEntryIsAnsweredFromTheNearCacheWithoutRedis() throws Exception {
        a = start();
        get(a.uri("/pages/x"));                       // miss: rendered and stored
        get(a.uri("/pages/x"));                       // hit from Redis, kept near
        HttpResponse<byte[]> near = get(a.uri("/pages/x"));
        assertTrue(cacheStatus(near).endsWith("; detail=near"), cacheStatus(near));

        redis.process().kill();
        HttpResponse<byte[]> withoutRedis = get(a.uri("/pages/x"));
        assertEquals("HIT", header(withoutRedis, "X-Cache"));
        assertEquals("v1", text(withoutRedis));
    }

    @Test
    void aNearHitsTtlAndAgeFollowTheClock() throws Exception {
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url(), "near-cache-ms", "60000",
                "timeout", "60"));
        a = new JettyServer().filter("near-clock", new ResponseCachingFilter(now::get), p, "/pages/*")
                .servlet(data, "/pages/*").start();
        get(a.uri("/pages/x"));
        get(a.uri("/pages/x"));
        HttpResponse<byte[]> first = get(a.uri("/pages/x"));
        assertEquals("ViewCache; hit; ttl=60; detail=near", cacheStatus(first));
        assertEquals("0", header(first, "Age"));

        now.addAndGet(10_000);
        HttpResponse<byte[]> later = get(a.uri("/pages/x"));
        assertEquals("ViewCache; hit; ttl=50; detail=near", cacheStatus(later), "the same copy, ten seconds on");
        assertEquals("10", header(later, "Age"));
    }

    @Test
    void offByDefault() throws Exception {
        a = start("near-cache-ms", "0");
        get(a.uri("/pages/x"));
        get(a.uri("/pages/x"));
        assertFalse(cacheStatus(get(a.uri("/pages/x"))).contains("near"));
    }

    @Test
    void aWriteIsNeverSeenStaleOnItsServerAndSoonNotOnTheOthers() throws Exception {
        a = start();
        b = start();
        for (JettyServer server : new JettyServer[] {a, b}) {
            get(server.uri("/pages/x"));
            get(server.uri("/pages/x"));
            assertTrue(cacheStatus(get(server.uri("/pages/x"))).endsWith("; detail=near"));
        }

        assertEquals(200, send("PUT", a.uri("/pages/x"), "{}").statusCode());

        assertEquals("v2", text(get(a.uri("/pages/x"))), "the writing server drops its copy before answering");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String onB = text(get(b.uri("/pages/x")));
        while (!onB.equals("v2") && System.nanoTime() < deadline) {
            onB = text(get(b.uri("/pages/x")));
        }
        assertEquals("v2", onB, "the other server dropped its copy when Redis told it");
    }
}
