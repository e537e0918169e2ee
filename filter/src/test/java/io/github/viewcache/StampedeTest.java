package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** Concurrent misses render once; stale entries stand in while a page refreshes or fails. */
class StampedeTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    final AtomicInteger renders = new AtomicInteger();
    final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    final List<JettyServer> servers = new ArrayList<>();
    final List<GatedPageServlet> pages = new ArrayList<>();

    JettyServer start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url()), params);
        GatedPageServlet page = new GatedPageServlet(renders);
        JettyServer server = new JettyServer().filter("stampede", new ResponseCachingFilter(now::get), p, "/slow/*")
                .servlet(page, "/slow/*").start();
        servers.add(server);
        pages.add(page);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        pages.forEach(GatedPageServlet::open);
        for (JettyServer server : servers) {
            server.close();
        }
    }

    static CompletableFuture<HttpResponse<byte[]>> request(URI uri) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(uri);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static long lockWaits() throws Exception {
        long sum = 0;
        for (ObjectName name : ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.github.viewcache:type=ResponseCachingFilter,name=\"stampede\",*"), null)) {
            sum += (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "LockWaits");
        }
        return sum;
    }

    /** Polls the JMX counter until that many requests wait for the render, within a deadline. */
    static void awaitWaiters(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lockWaits() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(expected, lockWaits(), "requests waiting for the render");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void concurrentMissesRenderThePageOnce(String store) throws Exception {
        JettyServer server = start("store", store);
        GatedPageServlet page = pages.get(0);
        page.close();

        CompletableFuture<HttpResponse<byte[]>> first = request(server.uri("/slow/page"));
        assertTrue(page.started.await(20, TimeUnit.SECONDS));
        List<CompletableFuture<HttpResponse<byte[]>>> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add(request(server.uri("/slow/page")));
        }
        awaitWaiters(7);
        page.open();

        assertEquals("v1", text(first.get(30, TimeUnit.SECONDS)));
        for (CompletableFuture<HttpResponse<byte[]>> other : others) {
            HttpResponse<byte[]> r = other.get(30, TimeUnit.SECONDS);
            assertEquals("v1", text(r));
            assertEquals("HIT", header(r, "X-Cache"));
            assertTrue(header(r, "Cache-Status").endsWith("; collapsed"), header(r, "Cache-Status"));
        }
        assertEquals(1, renders.get());
    }

    @Test
    void concurrentMissesOnTwoServersRenderThePageOnce() throws Exception {
        JettyServer a = start();
        JettyServer b = start();
        pages.get(0).close();

        CompletableFuture<HttpResponse<byte[]>> first = request(a.uri("/slow/page"));
        assertTrue(pages.get(0).started.await(20, TimeUnit.SECONDS));
        List<CompletableFuture<HttpResponse<byte[]>>> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(request(b.uri("/slow/page")));
        }
        awaitWaiters(4);
        pages.get(0).open();

        first.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<byte[]>> other : others) {
            assertEquals("HIT", header(other.get(30, TimeUnit.SECONDS), "X-Cache"));
        }
        assertEquals(1, renders.get());
    }

    @Test
    void waitersRenderThemselvesWhenTheLockTimesOut() throws Exception {
        JettyServer server = start("lock-timeout-ms", "300");
        GatedPageServlet page = pages.get(0);
        page.close();
        CompletableFuture<HttpResponse<byte[]>> stuck = request(server.uri("/slow/page"));
        assertTrue(page.started.await(20, TimeUnit.SECONDS));
        java.util.concurrent.CountDownLatch stuckGate = page.gate;
        page.gate = new java.util.concurrent.CountDownLatch(0); // later renders are quick

        HttpResponse<byte[]> waiter = get(server.uri("/slow/page"));

        assertEquals("MISS", header(waiter, "X-Cache"));
        assertEquals("v1", text(waiter));
        assertEquals(2, renders.get());
        stuckGate.countDown();
        stuck.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStaleEntryIsServedAtOnceWhileOneRequestRefreshesIt() throws Exception {
        JettyServer server = start("timeout", "10", "stale-seconds", "60");
        GatedPageServlet page = pages.get(0);
        get(server.uri("/slow/page"));
        now.addAndGet(20_000);
        page.content = "v2";
        page.close();

        CompletableFuture<HttpResponse<byte[]>> refresher = request(server.uri("/slow/page"));
        assertTrue(page.started.await(20, TimeUnit.SECONDS));
        HttpResponse<byte[]> meanwhile = get(server.uri("/slow/page"));

        assertEquals("v1", text(meanwhile));
        assertEquals("STALE", header(meanwhile, "X-Cache"));
        assertTrue(header(meanwhile, "Cache-Status").matches("ViewCache; hit; ttl=-1\\d; detail=stale-while-revalidate"),
                header(meanwhile, "Cache-Status"));
        page.open();
        assertEquals("v2", text(refresher.get(30, TimeUnit.SECONDS)));
        assertEquals("v2", text(get(server.uri("/slow/page"))));
        assertEquals(2, renders.get());
    }

    @Test
    void beyondTheStaleWindowEveryoneWaitsForTheRefresh() throws Exception {
        JettyServer server = start("timeout", "10", "stale-seconds", "5");
        get(server.uri("/slow/page"));
        now.addAndGet(20_000);
        pages.get(0).content = "v2";

        HttpResponse<byte[]> refreshed = get(server.uri("/slow/page"));
        assertEquals("v2", text(refreshed));
        assertEquals("MISS", header(refreshed, "X-Cache"));
    }

    @Test
    void anEvictedPageIsNeverServedStale() throws Exception {
        JettyServer server = start("timeout", "10", "stale-seconds", "60");
        GatedPageServlet page = pages.get(0);
        get(server.uri("/slow/page"));
        now.addAndGet(20_000);
        ViewCache.from(server.servletContext()).evict("/slow/page");
        page.content = "v2";
        page.close();

        CompletableFuture<HttpResponse<byte[]>> refresher = request(server.uri("/slow/page"));
        assertTrue(page.started.await(20, TimeUnit.SECONDS));
        CompletableFuture<HttpResponse<byte[]>> other = request(server.uri("/slow/page"));
        awaitWaiters(1);
        page.open();

        assertEquals("v2", text(other.get(30, TimeUnit.SECONDS)), "it waited for the fresh page");
        assertEquals("v2", text(refresher.get(30, TimeUnit.SECONDS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "throw"})
    void aFailingRenderIsReplacedByTheStaleEntryWithinStaleIfError(String failure) throws Exception {
        JettyServer server = start("timeout", "10", "stale-if-error-seconds", "60");
        GatedPageServlet page = pages.get(0);
        get(server.uri("/slow/page"));
        now.addAndGet(20_000);
        page.fail = failure;

        HttpResponse<byte[]> answer = get(server.uri("/slow/page"));
        assertEquals(200, answer.statusCode());
        assertEquals("v1", text(answer));
        assertEquals("STALE", header(answer, "X-Cache"));
        assertTrue(header(answer, "Cache-Status").endsWith("detail=stale-if-error"), header(answer, "Cache-Status"));

        now.addAndGet(100_000); // past the window: the error goes through
        assertEquals(500, get(server.uri("/slow/page")).statusCode());
    }

    @Test
    void withoutAStaleWindowAFailingRenderFailsAsItWould() throws Exception {
        JettyServer server = start("timeout", "10");
        get(server.uri("/slow/page"));
        now.addAndGet(20_000);
        pages.get(0).fail = "500";
        assertEquals(500, get(server.uri("/slow/page")).statusCode());
    }
}
