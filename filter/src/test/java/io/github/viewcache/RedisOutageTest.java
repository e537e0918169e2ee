package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** Redis stopped, paused and restarted under a running filter. */
class RedisOutageTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    final List<LogRecord> log = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger guardLog = Logger.getLogger(GuardedStore.class.getName());

    VersionsServlet data;
    JettyServer server;

    @BeforeEach
    void start() throws Exception {
        guardLog.addHandler(capture);
        data = new VersionsServlet();
        server = new JettyServer()
                .filter("outage", Map.of("redis-url", redis.url(), "redis-timeout-ms", "300", "redis-retry-ms", "400"),
                        "/pages/*")
                .servlet(data, "/pages/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        guardLog.removeHandler(capture);
        redis.process().unpause();
        server.close();
    }

    long jmx(String attribute) throws Exception {
        ObjectName name = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.github.viewcache:type=ResponseCachingFilter,name=\"outage\",*"), null)
                .iterator().next();
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
    }

    long count(Level level, String text) {
        return log.stream().filter(r -> r.getLevel() == level && r.getMessage().contains(text)).count();
    }

    HttpResponse<byte[]> pollUntil(String path, String xCache) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            HttpResponse<byte[]> r = get(server.uri(path));
            if (xCache.equals(header(r, "X-Cache")) || System.nanoTime() > deadline) {
                assertEquals(xCache, header(r, "X-Cache"), "not reached within the deadline");
                return r;
            }
        }
    }

    @Test
    void afterRepeatedFailuresRedisIsLeftAloneThenTriedAgainAndEachChangeIsLoggedOnce() throws Exception {
        get(server.uri("/pages/a"));
        redis.process().kill();

        for (int i = 0; i < 10; i++) {
            HttpResponse<byte[]> r = get(server.uri("/pages/a"));
            assertEquals(200, r.statusCode());
            assertEquals("BYPASS", header(r, "X-Cache"));
            assertEquals("ViewCache; fwd=bypass; detail=store-unavailable", header(r, "Cache-Status"));
        }
        assertEquals(GuardedStore.FAILURES_TO_OPEN, jmx("RedisErrors"), "only the first failures reached Redis");
        assertTrue(jmx("RedisCallsSkipped") >= 10 - GuardedStore.FAILURES_TO_OPEN);
        assertEquals(1, count(Level.WARNING, "not answering"));

        redis.process().restart();
        pollUntil("/pages/a", "MISS");
        assertEquals("HIT", header(get(server.uri("/pages/a")), "X-Cache"));
        assertEquals(1, count(Level.INFO, "answers again"));
        assertEquals(1, count(Level.WARNING, "not answering"));
        assertTrue(jmx("Hits") >= 1);
        assertTrue(10 <= (Long) ((Map<?, ?>) ManagementFactory.getPlatformMBeanServer().getAttribute(
                ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                        "io.github.viewcache:type=ResponseCachingFilter,name=\"outage\",*"), null).iterator().next(),
                "BypassesByReason")).get("store-unavailable"), "bypasses by reason, on JMX");
    }

    @Test
    void anEvictionThatCouldNotReachRedisIsAppliedBeforeRedisIsReadAgain() throws Exception {
        get(server.uri("/pages/list"));
        assertEquals("HIT", header(get(server.uri("/pages/list")), "X-Cache"));

        // Writes (the eviction) wait; reads would still be answered by this Redis.
        redis.process().pause(20_000, true);
        assertEquals(200, send("PUT", server.uri("/pages/list"), "{}").statusCode(), "the write itself succeeds");
        HttpResponse<byte[]> during = get(server.uri("/pages/list"));
        assertEquals("v2", text(during), "never the stale page, though Redis would have served it");
        assertEquals("BYPASS", header(during, "X-Cache"));

        redis.process().unpause();
        HttpResponse<byte[]> after = pollUntil("/pages/list", "MISS");
        assertEquals("v2", text(after));
        assertEquals("v2", text(get(server.uri("/pages/list"))));
    }

    @Test
    void noRequestGetsAnErrorWhileRedisIsPaused() throws Exception {
        get(server.uri("/pages/a"));
        redis.process().pause(1_500, false);
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = get(server.uri("/pages/a"));
            assertEquals(200, r.statusCode());
            assertEquals("v1", text(r));
        }
    }
}
