package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A GET that read the data before a write must not store its page after the write's eviction.
 * The interleaving is forced with latches inside the servlet, not left to luck.
 */
class RenderWriteRaceTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    /** GET reads the version, says so, and waits to be let go before writing its page. */
    static final class GatedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final AtomicInteger version = new AtomicInteger(1);
        final transient CountDownLatch dataRead = new CountDownLatch(1);
        final transient CountDownLatch proceed = new CountDownLatch(1);
        volatile boolean gate = true;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int seen = version.get();
            if (gate) {
                gate = false;
                dataRead.countDown();
                try {
                    proceed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            resp.getWriter().write("v" + seen);
        }

        @Override
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) {
            version.incrementAndGet();
            resp.setStatus(204);
        }
    }

    GatedServlet servlet;
    JettyServer server;

    @AfterEach
    void stop() throws Exception {
        servlet.proceed.countDown();
        server.close();
    }

    /** Starts the server and a GET of {@code path}, and returns once that GET has read the data. */
    private CompletableFuture<HttpResponse<byte[]>> startSlowRead(String store, String path) throws Exception {
        servlet = new GatedServlet();
        server = new JettyServer().filter("race", Map.of("store", store, "redis-url", redis.url()), "/race/*")
                .servlet(servlet, "/race/*").start();
        CompletableFuture<HttpResponse<byte[]>> slowRead = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server.uri(path));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(servlet.dataRead.await(30, TimeUnit.SECONDS), "the read started");
        return slowRead;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aRenderThatReadTheDataBeforeAWriteIsNotStoredAfterIt(String store) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> slowRead = startSlowRead(store, "/race/page");
        assertEquals(204, send("PUT", server.uri("/race/page"), "").statusCode());
        servlet.proceed.countDown();

        HttpResponse<byte[]> early = slowRead.get(30, TimeUnit.SECONDS);
        assertEquals("v1", text(early), "the slow read answers what it read");
        // The answer went out before the store was refused: the header can only say it was sent.
        assertEquals("ViewCache; fwd=uri-miss; stored", header(early, "Cache-Status"));
        HttpResponse<byte[]> next = get(server.uri("/race/page"));
        assertEquals("v2", text(next), "the next read sees the write");
        assertEquals("MISS", header(next, "X-Cache"), "the early render left nothing behind");
        // The eviction dropped the early render's lock, so nothing waited for its store: poll.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (storesRefused() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(1L, storesRefused(), "the refused store is counted");
        assertEquals("HIT", header(get(server.uri("/race/page")), "X-Cache"));
        assertEquals("v2", text(get(server.uri("/race/page"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aClearDuringTheFirstRenderOfAPageFencesIt(String store) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> slowRead = startSlowRead(store, "/race/never-stored-before");
        servlet.version.incrementAndGet(); // the data changes behind the application's back...
        assertTrue(ViewCache.from(server.servletContext()).clear()); // ...so it clears the cache
        servlet.proceed.countDown();

        assertEquals("v1", text(slowRead.get(30, TimeUnit.SECONDS)));
        HttpResponse<byte[]> next = get(server.uri("/race/never-stored-before"));
        assertEquals("v2", text(next), "the render from before the clear was not stored");
        assertEquals("MISS", header(next, "X-Cache"));
    }

    private static long storesRefused() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = jmx.queryNames(new ObjectName(
                "io.github.viewcache:type=ResponseCachingFilter,name=\"race\",*"), null).iterator().next();
        return (Long) jmx.getAttribute(name, "StoresRefused");
    }

    @Test
    void withoutAnInterveningWriteTheRenderIsStored() throws Exception {
        servlet = new GatedServlet();
        servlet.gate = false;
        server = new JettyServer().filter("race", Map.of("redis-url", redis.url()), "/race/*")
                .servlet(servlet, "/race/*").start();
        get(server.uri("/race/page"));
        assertEquals("HIT", header(get(server.uri("/race/page")), "X-Cache"));
    }
}
