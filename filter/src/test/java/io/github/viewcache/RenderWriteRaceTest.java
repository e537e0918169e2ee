package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aRenderThatReadTheDataBeforeAWriteIsNotStoredAfterIt(String store) throws Exception {
        servlet = new GatedServlet();
        server = new JettyServer().filter("race", Map.of("store", store, "redis-url", redis.url()), "/race/*")
                .servlet(servlet, "/race/*").start();

        CompletableFuture<HttpResponse<byte[]>> slowRead = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server.uri("/race/page"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(servlet.dataRead.await(30, TimeUnit.SECONDS), "the read started");
        assertEquals(204, send("PUT", server.uri("/race/page"), "").statusCode());
        servlet.proceed.countDown();

        HttpResponse<byte[]> early = slowRead.get(30, TimeUnit.SECONDS);
        assertEquals("v1", text(early), "the slow read answers what it read");
        assertEquals("ViewCache; fwd=uri-miss; detail=evicted-while-rendering", header(early, "Cache-Status"));
        HttpResponse<byte[]> next = get(server.uri("/race/page"));
        assertEquals("v2", text(next), "the next read sees the write");
        assertEquals("HIT", header(get(server.uri("/race/page")), "X-Cache"));
        assertEquals("v2", text(get(server.uri("/race/page"))));
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
