package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The client of a miss never waits for the store: with Redis holding every write back once the
 * render has its lock, the whole answer still arrives, and the entry lands once Redis takes
 * writes again.
 */
class MissAnsweredFirstTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    /**
     * A body of the asked size, through the writer (chunked) or the stream (Content-Length),
     * once the test lets it go on.
     */
    static final class SizedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient CountDownLatch rendering = new CountDownLatch(1);
        final transient CountDownLatch proceed = new CountDownLatch(1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            rendering.countDown();
            try {
                proceed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = "x".repeat(Integer.parseInt(req.getParameter("size")));
            resp.setContentType("text/plain;charset=UTF-8");
            if (req.getParameter("writer") != null) {
                resp.getWriter().write(body);
            } else {
                resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    final SizedServlet servlet = new SizedServlet();
    JettyServer server;

    @AfterEach
    void stop() throws Exception {
        servlet.proceed.countDown();
        redis.process().unpause();
        server.close();
    }

    /** Whether the page holds a variant (not only its render lock). */
    private static boolean stored() {
        return redis.client().hkeys("view//p/page").stream().anyMatch(field -> !field.startsWith("\u0000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=10&writer", "size=100000&writer", "size=10", "size=100000"})
    void theWholeAnswerArrivesWhileTheStoreWaitsForRedis(String query) throws Exception {
        server = new JettyServer().filter("first", InitParams.of(Map.of("redis-url", redis.url()),
                        "redis-timeout-ms", "60000", "gzip", "off"), "/p/*")
                .servlet(servlet, "/p/*").start();
        int size = Integer.parseInt(query.replaceAll("size=(\\d+).*", "$1"));

        CompletableFuture<HttpResponse<byte[]>> request = CompletableFuture.supplyAsync(() -> {
            try {
                return get(server.uri("/p/page?" + query));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(servlet.rendering.await(30, TimeUnit.SECONDS), "the render holds the lock and runs");
        redis.process().pause(60_000, true); // from now on Redis holds every write back
        servlet.proceed.countDown();
        HttpResponse<byte[]> miss = request.get(30, TimeUnit.SECONDS);
        assertEquals(200, miss.statusCode());
        assertEquals("MISS", header(miss, "X-Cache"));
        assertEquals(size, miss.body().length, "the whole body arrived");
        assertFalse(stored(), "nothing is stored yet");

        redis.process().unpause();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stored() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        HttpResponse<byte[]> hit = get(server.uri("/p/page?" + query));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertArrayEquals(miss.body(), hit.body());
        assertEquals("x".repeat(size), text(hit));
    }
}
