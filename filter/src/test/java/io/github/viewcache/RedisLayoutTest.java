package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;
import redis.clients.jedis.RedisClient;

/** What the filter leaves in Redis, and how it copes when Redis is not there. */
class RedisLayoutTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();
    PagesServlet pages;
    JettyServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url()), params);
        pages = new PagesServlet();
        server = new JettyServer().filter("pages", p, "/books/*").servlet(pages, "/books/*").start();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPageIsAHashUnderPrefixAndPathWithTheTimeoutAsItsTtl() throws Exception {
        start("timeout", "120");
        get(server.uri("/books"));
        get(server.uri("/books?page=2&sort=name"));
        redis.awaitRendersDone("view//books");

        RedisClient r = redis.client();
        assertEquals("hash", r.type("view//books"));
        assertEquals(2, r.hlen("view//books"));
        assertTrue(r.hexists(b("view//books"), b("")));
        assertTrue(r.hexists(b("view//books"), b("page=2&sort=name")));
        long ttl = r.ttl("view//books");
        assertTrue(ttl > 0 && ttl <= 120, "ttl " + ttl);
    }

    @Test
    void timeoutZeroStoresWithoutExpiry() throws Exception {
        start("timeout", "0");
        get(server.uri("/books"));
        redis.awaitRendersDone("view//books");

        assertEquals(-1, redis.client().ttl("view//books"));
    }

    @Test
    void theStoredValueHoldsTheBodyAsRawBytes() throws Exception {
        start();
        HttpResponse<byte[]> miss = get(server.uri("/books"));
        redis.awaitRendersDone("view//books");

        byte[] value = redis.client().hget(b("view//books"), b(""));
        String raw = new String(value, StandardCharsets.ISO_8859_1);
        assertTrue(raw.endsWith(text(miss)), raw);
    }

    @Test
    void endlessQueryStringsAreCappedAtMaxVariantsPerPage() throws Exception {
        start("max-variants", "5");
        for (int i = 0; i < 12; i++) {
            get(server.uri("/books?nonce=" + i));
        }
        redis.awaitRendersDone("view//books");
        assertEquals(5, redis.client().hlen("view//books"));
    }

    @Test
    void clearRemovesThisFiltersKeysAndNothingElse() throws Exception {
        start();
        redis.client().set("someone-elses-key", "keep me");
        redis.client().set("view/unrelated", "keep me too");
        get(server.uri("/books"));
        get(server.uri("/books/foo"));

        assertTrue(ViewCache.from(server.servletContext()).clear());

        assertEquals(List.of(Store.GENERATION), List.copyOf(redis.client().hkeys("view//books")),
                "only the generation is left, as a tombstone");
        assertEquals(List.of(Store.GENERATION), List.copyOf(redis.client().hkeys("view//books/foo")));
        assertEquals("keep me", redis.client().get("someone-elses-key"));
        assertEquals("keep me too", redis.client().get("view/unrelated"));
    }

    @Test
    void theKeyPrefixIsConfigurable() throws Exception {
        start("key-prefix", "shop:");
        get(server.uri("/books"));
        redis.awaitRendersDone("shop:/books");

        assertTrue(redis.client().hexists(b("shop:/books"), b("")));
        assertFalse(redis.client().exists("view//books"));
    }

    @Test
    void aSystemPropertyOverridesTheInitParam() throws Exception {
        System.setProperty("viewcache.key-prefix", "from-property:");
        try {
            start("key-prefix", "from-web-xml:");
        } finally {
            System.clearProperty("viewcache.key-prefix");
        }
        get(server.uri("/books"));
        redis.awaitRendersDone("from-property:/books");

        assertTrue(redis.client().hexists(b("from-property:/books"), b("")));
    }

    @Test
    void anUnreadableValueIsAMissNotAnError() throws Exception {
        start();
        redis.client().hset(b("view//books"), b(""), b("not an entry"));

        HttpResponse<byte[]> response = get(server.uri("/books"));

        assertEquals(200, response.statusCode());
        assertEquals("MISS", header(response, "X-Cache"));
        assertEquals("HIT", header(get(server.uri("/books")), "X-Cache"));
    }

    @Test
    void withRedisUnreachablePagesAreServedUncached() throws Exception {
        pages = new PagesServlet();
        server = new JettyServer()
                .filter("pages", Map.of("redis-url", "redis://127.0.0.1:1", "redis-timeout-ms", "200"), "/books/*")
                .servlet(pages, "/books/*").start();

        HttpResponse<byte[]> first = get(server.uri("/books"));
        HttpResponse<byte[]> second = get(server.uri("/books"));

        assertEquals(200, second.statusCode());
        assertEquals("BYPASS", header(first, "X-Cache"));
        assertEquals("BYPASS", header(second, "X-Cache"));
        assertEquals("page / render 2 query null", text(second));
        assertFalse(ViewCache.from(server.servletContext()).evict("/books"), "evict reports the failure");
    }

    @Test
    void cachingResumesWhenRedisComesBack() throws Exception {
        start();
        redis.process().kill();
        assertEquals("BYPASS", header(get(server.uri("/books")), "X-Cache"));
        redis.process().restart();

        assertEquals("MISS", header(get(server.uri("/books")), "X-Cache"));
        assertEquals("HIT", header(get(server.uri("/books")), "X-Cache"));
    }

    @Test
    void filtersForOneRedisUrlShareOnePool() {
        RedisEndpoint endpoint = RedisEndpoint.parse(redis.url());
        RedisConnection a = SharedRedisClients.acquire(endpoint, 500, 4);
        RedisConnection b = SharedRedisClients.acquire(endpoint, 500, 4);
        try {
            assertSame(a, b);
        } finally {
            SharedRedisClients.release(a);
            SharedRedisClients.release(b);
        }
    }

    @Test
    void twoFilterDeclarationsKeepTheirOwnSettingsAndEvictGoesThroughBoth() throws Exception {
        pages = new PagesServlet();
        server = new JettyServer()
                .filter("books", Map.of("redis-url", redis.url(), "timeout", "60"), "/books/*")
                .filter("shelves", Map.of("redis-url", redis.url(), "timeout", "600", "key-prefix", "s/"), "/shelves/*")
                .servlet(pages, "/books/*").servlet(pages, "/shelves/*").start();
        get(server.uri("/books/a"));
        get(server.uri("/shelves/a"));
        redis.awaitRendersDone("view//books/a");
        redis.awaitRendersDone("s//shelves/a");

        assertTrue(redis.client().ttl("view//books/a") <= 60);
        assertTrue(redis.client().ttl("s//shelves/a") > 60);

        ViewCache.from(server.servletContext()).evict("/shelves/a");
        assertFalse(redis.client().hexists(b("s//shelves/a"), b("")));
        assertTrue(redis.client().hexists(b("view//books/a"), b("")), "the other filter's entry is untouched");
    }
}
