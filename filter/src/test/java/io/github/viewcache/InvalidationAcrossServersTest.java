package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * Every kind of eviction, made on one server, seen on another that shares its Redis: the
 * automatic ones, rules naming pages, subtrees and tags, the API and the operator's MBean.
 * The application ({@link ClinicAndShop}) repeats an owner's name on each pet page and an
 * item's stock on its catalog page; one filter on {@code /*} with rules alone keeps them right.
 */
class InvalidationAcrossServersTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static final String RULES = String.join("\n",
            "POST /owners/*/edit -> /owners/*/**",
            "POST /order/new -> /catalog/viewItem",
            "PUT /api/items/* -> tag:item-*");

    final ClinicAndShop.Data data = new ClinicAndShop.Data();
    JettyServer a;
    JettyServer b;

    JettyServer server(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("store", "redis", "redis-url", redis.url(),
                "evict-rules", RULES, "exclude-paths", "/api/*"), params);
        return new JettyServer().filter("pages", p, "/*").servlet(new ClinicAndShop(data), "/*").start();
    }

    @BeforeEach
    void start() throws Exception {
        a = server();
        b = server();
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
    }

    /** Stores the page on one server, and checks the other finds it. */
    void cache(String... paths) throws Exception {
        for (String path : paths) {
            get(a.uri(path));
            redis.awaitRendersDone("view/" + pathOnly(path));
            assertEquals("HIT", header(get(b.uri(path)), "X-Cache"), path);
        }
    }

    static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /**
     * Requests the page until it is a hit: a render that began within the clock margin of a
     * tag eviction is not kept (ms), the next one is. Fails after 10 s.
     */
    static void awaitHit(JettyServer server, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"HIT".equals(header(get(server.uri(path)), "X-Cache"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " was not stored again within 10 s");
            }
            redis.awaitRendersDone("view/" + pathOnly(path));
        }
    }

    static String show(JettyServer server, String path) throws Exception {
        return text(get(server.uri(path)));
    }

    @Test
    void renamingAnOwnerEvictsEveryPageBelowItOnEveryServerAndNoOtherOwners() throws Exception {
        cache("/owners/1", "/owners/1/pets/7/edit", "/owners/1/pets/7/visits/new", "/owners/1/pets/8/edit",
                "/owners/2/pets/9/edit");

        HttpResponse<byte[]> renamed = send("POST", a.uri("/owners/1/edit?name=Frank"), "");
        assertEquals(302, renamed.statusCode());

        assertEquals("owner Frank", show(b, "/owners/1"));
        assertEquals("pet 7 of Frank", show(b, "/owners/1/pets/7/edit"));
        assertEquals("visit for pet 7 of Frank", show(b, "/owners/1/pets/7/visits/new"));
        assertEquals("pet 8 of Frank", show(b, "/owners/1/pets/8/edit"));
        HttpResponse<byte[]> other = get(b.uri("/owners/2/pets/9/edit"));
        assertEquals("HIT", header(other, "X-Cache"), "another owner's pages stay");
        assertEquals(1, data.renders("/owners/2/pets/9/edit"));
    }

    @Test
    void anOrderEvictsEveryItemPageOfTheCatalogWhateverItsQueryString() throws Exception {
        cache("/catalog/viewItem?itemId=EST-1", "/catalog/viewItem?itemId=EST-2");

        assertEquals(201, send("POST", a.uri("/order/new?itemId=EST-1"), "").statusCode());

        assertEquals("item EST-1 stock 9", show(b, "/catalog/viewItem?itemId=EST-1"));
        assertEquals("item EST-2 stock 20", show(b, "/catalog/viewItem?itemId=EST-2"));
        assertEquals(2, data.renders("/catalog/viewItem?itemId=EST-2"), "the whole page went: every variant");
    }

    @Test
    void aWriteUnderAnExcludedPathEvictsByTagOnEveryServer() throws Exception {
        cache("/tagged/items/EST-1", "/tagged/items/EST-2");
        HttpResponse<byte[]> hit = get(b.uri("/tagged/items/EST-1"));
        assertNull(header(hit, "Surrogate-Key"), "tags are the cache's, not the client's");

        assertEquals(204, send("PUT", a.uri("/api/items/EST-1?stock=3"), "").statusCode());

        assertEquals("item EST-1 stock 3", show(b, "/tagged/items/EST-1"));
        assertEquals("HIT", header(get(b.uri("/tagged/items/EST-2")), "X-Cache"), "only item-EST-1 was evicted");
        awaitHit(b, "/tagged/items/EST-1");
        assertNotNull(redis.client().zscore("view/#tag:item-EST-1", "view//tagged/items/EST-1"),
                "stored again, the page is listed under its tag again");
        assertTrue(redis.client().pttl("view/#tag:item-EST-1") > 0, "the index expires with its pages");
    }

    @Test
    void evictTagThroughTheApiReachesEveryServer() throws Exception {
        cache("/tagged/items/EST-1", "/tagged/items/EST-2", "/owners/1");
        data.stock.put("EST-1", 1);
        data.stock.put("EST-2", 2);

        assertTrue(ViewCache.from(a.servletContext()).evictTag("catalog"));

        assertEquals("item EST-1 stock 1", show(b, "/tagged/items/EST-1"));
        assertEquals("item EST-2 stock 2", show(b, "/tagged/items/EST-2"));
        assertEquals("HIT", header(get(b.uri("/owners/1")), "X-Cache"));
    }

    @Test
    void evictASubtreeThroughTheApiAndAPageThroughTheOperatorsMBean() throws Exception {
        cache("/owners/1", "/owners/1/pets/7/edit", "/owners/2");
        data.owners.put("1", "Frank");
        data.owners.put("2", "Dave");

        assertTrue(ViewCache.from(a.servletContext()).evict("/owners/1/**"));
        assertEquals("owner Frank", show(b, "/owners/1"));
        assertEquals("pet 7 of Frank", show(b, "/owners/1/pets/7/edit"));

        assertTrue(ViewCache.from(a.servletContext()).evict("/owners/2"));
        assertEquals("owner Dave", show(b, "/owners/2"));
    }

    @Test
    void aTagEvictionDropsTheNearCopiesOfTheOtherServer() throws Exception {
        a.close();
        b.close();
        a = server("near-cache-ms", "60000");
        b = server("near-cache-ms", "60000");
        cache("/tagged/items/EST-1");
        assertEquals("HIT", header(get(b.uri("/tagged/items/EST-1")), "X-Cache"));
        assertTrue(header(get(b.uri("/tagged/items/EST-1")), "Cache-Status").contains("detail=near"),
                "the other server answers from its near copy");
        data.stock.put("EST-1", 4);

        assertTrue(ViewCache.from(a.servletContext()).evictTag("item-EST-1"));

        // Its copy goes when Redis' announcement reaches it, within milliseconds; bounded at 10 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!show(b, "/tagged/items/EST-1").equals("item EST-1 stock 4")) {
            assertTrue(System.nanoTime() < deadline, "the near copy outlived the eviction by 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void aRenderUnderWayWhenItsTagIsEvictedIsNotStored() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        data.holdRender = hold;
        CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return get(a.uri("/tagged/items/EST-1"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(data.renderHeld.await(10, TimeUnit.SECONDS));
        data.holdRender = null;
        // The write lands after the render read the stock; its eviction finds nothing stored yet.
        data.stock.put("EST-1", 5);
        assertTrue(ViewCache.from(b.servletContext()).evictTag("item-EST-1"));
        hold.countDown();
        assertEquals("item EST-1 stock 10", text(slow.get(10, TimeUnit.SECONDS)), "it answered what it read");
        redis.awaitRendersDone("view//tagged/items/EST-1");

        HttpResponse<byte[]> next = get(b.uri("/tagged/items/EST-1"));
        assertEquals("item EST-1 stock 5", text(next), "the older render was not kept");
        assertEquals("MISS", header(next, "X-Cache"));
    }
}
