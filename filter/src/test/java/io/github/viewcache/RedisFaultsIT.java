package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.RedisProcess;

/**
 * The bounds the README's failure section states, measured against a real redis-server that is
 * killed and restarted with its data, or frozen (SIGSTOP). Timing bounds, with generous
 * margins: hence an integration test, not a unit test.
 */
class RedisFaultsIT {

    static final int RETRY_MS = 1000;
    static final int TIMEOUT_MS = 300;

    RedisProcess redis;
    JettyServer server;
    final VersionsServlet a = new VersionsServlet();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            if (redis.isRunning()) {
                redis.thaw();
            }
            redis.close();
        }
    }

    void start(RedisProcess process) throws Exception {
        redis = process;
        Map<String, String> params = InitParams.of(Map.of("redis-url", redis.url(),
                "redis-retry-ms", Integer.toString(RETRY_MS), "redis-timeout-ms", Integer.toString(TIMEOUT_MS)));
        server = new JettyServer().filter("a", params, "/a/*").servlet(a, "/a/*")
                .filter("b", params, "/b/*").servlet(new VersionsServlet(), "/b/*").start();
    }

    /**
     * A write while Redis is down is remembered; Redis comes back with its data (the stale page
     * too) before the first retry is due. Measured from Redis answering again to the page being
     * gone from Redis, over outages one after another, whatever the breaker did meanwhile.
     */
    @Test
    void aRememberedEvictionLandsWithinRetryMsOfRedisAnsweringAgain() throws Exception {
        start(RedisProcess.startKeepingData());
        List<Long> windows = new ArrayList<>();
        for (int outage = 0; outage < 3; outage++) {
            String page = "/a/page" + outage;
            assertEquals("MISS", header(get(server.uri(page)), "X-Cache"));
            awaitStored("view/" + page);

            redis.kill();
            for (int i = 0; i < GuardedStore.FAILURES_TO_OPEN; i++) { // enough to open the breaker
                assertEquals(200, send("PUT", server.uri(page), "").statusCode(), "never an error page");
            }
            redis.restart();
            long answering = System.nanoTime();
            assertNotNull(redis.client().hget("view/" + page, ""), "Redis came back with the stale page");

            long deadline = answering + TimeUnit.SECONDS.toNanos(10);
            while (redis.client().hget("view/" + page, "") != null) {
                assertTrue(System.nanoTime() < deadline, "the remembered eviction never landed");
                Thread.sleep(5); // between polls of Redis, in a bounded loop
            }
            windows.add((System.nanoTime() - answering) / 1_000_000);
        }
        for (long window : windows) {
            assertTrue(window <= RETRY_MS * 3 / 2, "windows " + windows + " ms; redis-retry-ms is " + RETRY_MS);
        }
    }

    /**
     * Redis freezes under concurrent reads and writes: each request waits for it once, about
     * {@code redis-timeout-ms}, however many Redis calls it would have made, in however many
     * filters, and then is answered uncached or its evictions are remembered.
     */
    @Test
    void aFrozenRedisCostsARequestOneTimeoutAtMost() throws Exception {
        start(RedisProcess.start());
        for (String page : new String[] {"/a/1", "/a/2", "/b/1"}) {
            get(server.uri(page));
            awaitStored("view/" + page);
        }
        redis.freeze();
        List<Callable<Long>> requests = new ArrayList<>();
        for (String page : new String[] {"/a/1", "/a/2", "/b/1", "/a/new1", "/a/new2", "/b/new"}) {
            requests.add(() -> timed(() -> assertEquals(200, get(server.uri(page)).statusCode())));
        }
        for (String page : new String[] {"/a/1", "/a/2", "/b/3"}) {
            requests.add(() -> timed(() -> assertEquals(200, send("PUT", server.uri(page), "").statusCode())));
        }
        ExecutorService clients = Executors.newFixedThreadPool(requests.size());
        List<Long> millis = new ArrayList<>();
        try {
            for (Future<Long> f : clients.invokeAll(requests)) {
                millis.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        long limit = TIMEOUT_MS + 250;
        assertTrue(millis.stream().allMatch(m -> m <= limit), "request times " + millis + " ms; redis-timeout-ms is "
                + TIMEOUT_MS + ", allowed " + limit);

        redis.thaw();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<byte[]> after;
        do {
            assertTrue(System.nanoTime() < deadline, "the writes made while Redis was frozen never landed");
            Thread.sleep(20); // between polls of a bounded loop
            after = get(server.uri("/a/1"));
        } while (!"MISS".equals(header(after, "X-Cache")));
        assertEquals("v" + a.version.get(), text(after), "the writes made while Redis was frozen are not served stale");
    }

    interface Step {
        void run() throws Exception;
    }

    static long timed(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    void awaitStored(String key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (redis.client().hget(key, "") == null) {
            assertTrue(System.nanoTime() < deadline, key + " was never stored");
            Thread.sleep(5); // between polls of Redis, in a bounded loop
        }
    }
}
