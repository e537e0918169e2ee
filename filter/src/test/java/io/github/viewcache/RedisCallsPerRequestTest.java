package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.Jedis;

/**
 * What a request costs in Redis calls, counted by Redis itself (which counts the commands a
 * script runs too): a miss looks the page up and takes its render lock in one call before it
 * renders; a hit is one HMGET and no script.
 */
class RedisCallsPerRequestTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    /** Notes the Redis calls made so far each time the page renders. */
    final class CountingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        volatile Map<String, Long> callsAtRender;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            callsAtRender = calls();
            if (req.getPathInfo().startsWith("/private")) {
                resp.setHeader("Cache-Control", "private");
            }
            if (req.getPathInfo().startsWith("/signed-in")) {
                req.getSession(false);
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("page " + req.getPathInfo());
        }

        @Override
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(204);
        }
    }

    final CountingServlet servlet = new CountingServlet();
    JettyServer server;
    Jedis admin;

    @BeforeEach
    void start() throws Exception {
        server = new JettyServer().filter("calls", InitParams.of(Map.of("redis-url", redis.url())), "/p/*")
                .servlet(servlet, "/p/*").start();
        admin = new Jedis("127.0.0.1", redis.process().port());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        server.close();
    }

    /** Calls per command since the last reset; {@code scripts} sums EVAL and EVALSHA. */
    Map<String, Long> calls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                long n = Long.parseLong(line.substring(line.indexOf(":calls=") + ":calls=".length(),
                        line.indexOf(',')));
                calls.put(command, n);
            }
        }
        calls.put("scripts", calls.getOrDefault("eval", 0L) + calls.getOrDefault("evalsha", 0L));
        return calls;
    }

    /** Resets Redis's counts once the page's earlier render has stored and let its lock go. */
    void resetCountsAfterRenders(String page) throws InterruptedException {
        redis.awaitRendersDone(page);
        admin.configResetStat();
    }

    @Test
    void aMissLooksUpAndLocksInOneCallAndAHitIsOneHmget() throws Exception {
        resetCountsAfterRenders("view//p/new");
        assertEquals("MISS", header(get(server.uri("/p/new")), "X-Cache"));
        assertEquals(1, servlet.callsAtRender.get("scripts"), "lookup and lock: one script call");
        // Redis counts the commands a script runs as well: this HMGET is the script's own.
        assertEquals(1, servlet.callsAtRender.get("hmget"), "no lookup of its own");

        resetCountsAfterRenders("view//p/new");
        assertEquals("HIT", header(get(server.uri("/p/new")), "X-Cache"));
        Map<String, Long> hit = calls();
        assertEquals(1, hit.get("hmget"));
        assertEquals(0, hit.get("scripts"));
    }

    @Test
    void theMissAfterAWriteHereIsOneCallToo() throws Exception {
        get(server.uri("/p/books"));
        resetCountsAfterRenders("view//p/books");
        assertEquals("HIT", header(get(server.uri("/p/books")), "X-Cache"));
        assertEquals(204, send("PUT", server.uri("/p/books"), "{}").statusCode());

        admin.configResetStat();
        assertEquals("MISS", header(get(server.uri("/p/books")), "X-Cache"));
        assertEquals(1, servlet.callsAtRender.get("scripts"));
        assertEquals(1, servlet.callsAtRender.get("hmget"), "the script's own");
    }

    @Test
    void aPageThatIsNeverStoredCostsOneLookupAndNoLockOnceItsMarkerIsThere() throws Exception {
        assertEquals("ViewCache; fwd=uri-miss; detail=private", header(get(server.uri("/p/private")), "Cache-Status"));
        resetCountsAfterRenders("view//p/private");

        assertEquals("ViewCache; fwd=uri-miss; detail=private", header(get(server.uri("/p/private")), "Cache-Status"));
        assertEquals(1, servlet.callsAtRender.get("hmget"), "the lookup");
        assertEquals(0, servlet.callsAtRender.get("scripts"), "no lock");
        Map<String, Long> after = calls();
        assertEquals(1, after.get("hmget"));
        assertEquals(0, after.get("scripts"), "nothing after it either: the marker stays as it is");
    }

    @Test
    void aSignedInVisitorsPageCostsOneLookupToo() throws Exception {
        String session = "JSESSIONID=node0someone";
        get(server.uri("/p/signed-in"), "Cookie", session);
        get(server.uri("/p/signed-in"), "Cookie", session); // learns that the page is kept per visitor
        resetCountsAfterRenders("view//p/signed-in");

        assertEquals("ViewCache; fwd=uri-miss; detail=personalized-session",
                header(get(server.uri("/p/signed-in"), "Cookie", session), "Cache-Status"));
        Map<String, Long> after = calls();
        assertEquals(1, after.get("hmget"), "one lookup, of the marker for visitors with a session");
        assertEquals(0, after.get("scripts"));
    }

    @Test
    void aPageAnotherServerStoredIsAHitHereInOneCallThatTakesNoLock() throws Exception {
        try (JettyServer other = new JettyServer().filter("calls", InitParams.of(Map.of("redis-url", redis.url())),
                "/p/*").servlet(new CountingServlet(), "/p/*").start()) {
            assertEquals("MISS", header(get(other.uri("/p/shared")), "X-Cache"));
        }
        resetCountsAfterRenders("view//p/shared");

        assertEquals("HIT", header(get(server.uri("/p/shared")), "X-Cache"));
        Map<String, Long> hit = calls();
        assertEquals(1, hit.get("scripts"), "this server had not seen it: it asked as for a miss");
        assertEquals(0, hit.getOrDefault("hset", 0L), "no lock taken on a page that holds the entry");
        assertEquals(1, hit.get("hmget"), "the script's own read");
    }
}
