package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import jakarta.servlet.Filter;

/**
 * Invalidation without code: writes through the filter evict the pages they make stale.
 * Subclasses name the store.
 */
abstract class WriteEvictionTest {

    VersionsServlet data;
    JettyServer server;

    abstract Map<String, String> storeParams();

    void start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(storeParams(), params);
        data = new VersionsServlet();
        server = new JettyServer().filter("pages", p, "/pages/*").servlet(data, "/pages/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            data.finishBigAnswer.countDown();
            server.close();
        }
    }

    /** Renders (or reads from the cache) each page, so all of them hold v1. */
    void cache(String... paths) throws Exception {
        for (String path : paths) {
            get(server.uri(path));
            assertEquals("HIT", header(get(server.uri(path)), "X-Cache"), path);
        }
    }

    String show(String path) throws Exception {
        return text(get(server.uri(path)));
    }

    HttpResponse<byte[]> write(String method, String pathAndQuery) throws Exception {
        return send(method, server.uri(pathAndQuery), "{}");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void anAsyncWriteEvictsWithItsFinalAnswerBeforeTheClientGetsIt() throws Exception {
        // An outer filter opens the gate once ViewCache's doFilter has returned: only then does
        // the write happen and its answer (201, a Location) get made.
        data = new VersionsServlet();
        Filter gate = (request, response, chain) -> {
            chain.doFilter(request, response);
            data.asyncGate.countDown();
        };
        server = new JettyServer().filter("gate", gate, Map.of(), "/pages/*")
                .filter("pages", InitParams.of(storeParams()), "/pages/*").servlet(data, "/pages/*").start();
        cache("/pages/items", "/pages/created");
        data.asyncGate = new CountDownLatch(1); // closed for the write alone

        HttpResponse<byte[]> answer = write("POST", "/pages/items?async=" + enc("/app/pages/created"));

        assertEquals(201, answer.statusCode());
        assertEquals("created", text(answer));
        assertEquals("v2", show("/pages/items"));
        assertEquals("v2", show("/pages/created"), "its Location, set after the filter returned, was evicted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS", "TRACE"})
    void aSafeMethodEvictsNothing(String method) throws Exception {
        start();
        cache("/pages/items");
        write(method, "/pages/items");
        assertEquals("HIT", header(get(server.uri("/pages/items")), "X-Cache"));
    }

    @Test
    void aWriteUnderAnExcludedPathStillEvictsWhatItMakesStale() throws Exception {
        start("exclude-paths", "/pages/admin/*, /pages/*/edit", "evict-rules",
                "POST /pages/admin/items -> /pages/items; POST /pages/*/edit -> /pages/*");
        cache("/pages/items", "/pages/owner1");
        assertNull(header(get(server.uri("/pages/admin/items")), "X-Cache"), "an excluded page is left alone");

        HttpResponse<byte[]> adminWrite = write("POST", "/pages/admin/items");
        HttpResponse<byte[]> editWrite = write("POST", "/pages/owner1/edit");

        assertNull(header(adminWrite, "X-Cache"), "nor is its write marked");
        assertEquals(200, editWrite.statusCode());
        assertEquals("v3", show("/pages/items"), "evicted by the excluded path's write");
        assertEquals("v3", show("/pages/owner1"), "evicted through a pattern with * inside");
    }

    @Test
    void aSubtreeRuleEvictsThePageAndEveryPageBelowItAndNothingBeside() throws Exception {
        start("evict-parents", "false", "evict-rules", "PUT /pages/owners/*/name -> /pages/owners/*/**");
        cache("/pages/owners/1", "/pages/owners/1/pets/2", "/pages/owners/1/pets/2/visits?page=2",
                "/pages/owners/10/pets/3", "/pages/owners", "/pages/owners/1x");

        write("PUT", "/pages/owners/1/name");

        assertEquals("v2", show("/pages/owners/1"));
        assertEquals("v2", show("/pages/owners/1/pets/2"));
        assertEquals("v2", show("/pages/owners/1/pets/2/visits?page=2"));
        assertEquals("v1", show("/pages/owners/10/pets/3"));
        assertEquals("v1", show("/pages/owners"), "the page above is not below");
        assertEquals("v1", show("/pages/owners/1x"));
    }

    @Test
    void aTagRuleEvictsThePagesTaggedWithTheMatchedSegmentAndTagsStayWithTheCache() throws Exception {
        start("evict-rules", "PUT /pages/items/* -> tag:item-*");
        cache("/pages/a?tags=item-1", "/pages/b?tags=" + enc("list  item-1 item-2"), "/pages/c?tags=item-2",
                "/pages/d");

        HttpResponse<byte[]> hit = get(server.uri("/pages/a?tags=item-1"));
        assertNull(header(hit, "Surrogate-Key"));
        write("PUT", "/pages/items/1");

        assertEquals("v2", show("/pages/a?tags=item-1"));
        assertEquals("v2", show("/pages/b?tags=" + enc("list  item-1 item-2")));
        assertEquals("v1", show("/pages/c?tags=item-2"));
        assertEquals("v1", show("/pages/d"));
    }

    @Test
    void keepSurrogateKeySendsTheTagsOnToClientsOnMissesAndHits() throws Exception {
        start("keep-surrogate-key", "true");
        HttpResponse<byte[]> miss = get(server.uri("/pages/a?tags=item-1"));
        HttpResponse<byte[]> hit = get(server.uri("/pages/a?tags=item-1"));

        assertEquals("item-1", header(miss, "Surrogate-Key"));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals("item-1", header(hit, "Surrogate-Key"));
        assertEquals(true, ViewCache.from(server.servletContext()).evictTag("item-1"));
        assertEquals("MISS", header(get(server.uri("/pages/a?tags=item-1")), "X-Cache"));
    }

    @Test
    void aPageWithMoreTagsThanItCanBeIndexedUnderIsNotStored() throws Exception {
        start();
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i <= SurrogateKeys.MAX_TAGS; i++) {
            tags.append("t").append(i).append(' ');
        }
        String page = "/pages/a?tags=" + enc(tags.toString());

        HttpResponse<byte[]> first = get(server.uri(page));
        HttpResponse<byte[]> second = get(server.uri(page));

        assertEquals("MISS", header(second, "X-Cache"));
        assertEquals(true, header(first, "Cache-Status").contains("detail=surrogate-key"), header(first, "Cache-Status"));
    }

    @Test
    void aRenderUnderWayWhenItsTagIsEvictedIsNotStored() throws Exception {
        ClinicAndShop.Data shop = new ClinicAndShop.Data();
        try (JettyServer clinic = new JettyServer().filter("pages", storeParams(), "/*")
                .servlet(new ClinicAndShop(shop), "/*").start()) {
            CountDownLatch hold = new CountDownLatch(1);
            shop.holdRender = hold;
            java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> slow =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return get(clinic.uri("/tagged/items/EST-1"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertEquals(true, shop.renderHeld.await(10, TimeUnit.SECONDS));
            shop.holdRender = null;
            shop.stock.put("EST-1", 5);
            assertEquals(true, ViewCache.from(clinic.servletContext()).evictTag("item-EST-1"));
            hold.countDown();
            assertEquals("item EST-1 stock 10", text(slow.get(10, TimeUnit.SECONDS)));

            assertEquals("item EST-1 stock 5", text(get(clinic.uri("/tagged/items/EST-1"))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "MKCOL", "PROPPATCH", "MOVE", "COPY", "FROBNICATE"})
    void aSuccessfulWriteEvictsItsOwnPageAndNoUnrelatedOne(String method) throws Exception {
        start();
        cache("/pages/items", "/pages/other");

        assertEquals(200, write(method, "/pages/items").statusCode());

        assertEquals("v2", show("/pages/items"));
        assertEquals("v1", show("/pages/other"));
    }

    @Test
    void aWriteEvictsEveryVariantOfThePage() throws Exception {
        start();
        cache("/pages/items", "/pages/items?page=2");

        write("POST", "/pages/items");

        assertEquals("v2", show("/pages/items?page=2"));
    }

    @Test
    void aWriteBelowACollectionEvictsTheCollectionsAboveIt() throws Exception {
        start();
        cache("/pages/items/a", "/pages/items", "/pages", "/pages/items/b");

        write("PUT", "/pages/items/a");

        assertEquals("v2", show("/pages/items/a"));
        assertEquals("v2", show("/pages/items"));
        assertEquals("v2", show("/pages"));
        assertEquals("v1", show("/pages/items/b"));
    }

    @Test
    void evictParentsFalseLeavesTheCollection() throws Exception {
        start("evict-parents", "false");
        cache("/pages/items/a", "/pages/items");

        write("PUT", "/pages/items/a");

        assertEquals("v2", show("/pages/items/a"));
        assertEquals("v1", show("/pages/items"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/pages/items/new", "http://127.0.0.1:PORT/app/pages/items/new", "items/new"})
    void aSameOriginLocationIsEvicted(String location) throws Exception {
        start("evict-parents", "false");
        cache("/pages/items/new");
        String port = Integer.toString(server.uri("/").getPort());

        write("POST", "/pages/items?location=" + enc(location.replace("PORT", port)));

        assertEquals("v2", show("/pages/items/new"));
    }

    @Test
    void aContentLocationIsEvictedToo() throws Exception {
        start("evict-parents", "false");
        cache("/pages/items/7");

        write("PUT", "/pages/items/7/price?content-location=" + enc("/app/pages/items/7"));

        assertEquals("v2", show("/pages/items/7"));
    }

    @Test
    void aLocationOnAnotherOriginIsNotOurs() throws Exception {
        start("evict-parents", "false");
        cache("/pages/items/new");

        write("POST", "/pages/items?location=" + enc("http://other.example/app/pages/items/new"));

        assertEquals("v1", show("/pages/items/new"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 500})
    void aFailedWriteEvictsNothing(int status) throws Exception {
        start();
        cache("/pages/items");

        assertEquals(status, write("POST", "/pages/items?status=" + status).statusCode());

        assertEquals("v1", show("/pages/items"));
    }

    @Test
    void evictRulesAddPagesWithTheMatchedSegments() throws Exception {
        start("evict-rules", "PUT /pages/items/* -> /pages/shelves/*, /pages/reports/daily\n"
                + "# comments and blank lines are fine\n\nPOST /pages/orders -> /pages/reports/weekly");
        cache("/pages/shelves/a", "/pages/shelves/b", "/pages/reports/daily", "/pages/reports/weekly");

        write("PUT", "/pages/items/a");

        assertEquals("v2", show("/pages/shelves/a"));
        assertEquals("v2", show("/pages/reports/daily"));
        assertEquals("v1", show("/pages/shelves/b"));
        assertEquals("v1", show("/pages/reports/weekly"));
    }

    @Test
    void evictOnWriteFalseLeavesOnlyTheRules() throws Exception {
        start("evict-on-write", "false", "evict-parents", "false", "evict-rules", "POST /pages/items -> /pages/list");
        cache("/pages/items", "/pages/list");

        write("POST", "/pages/items");

        assertEquals("v1", show("/pages/items"));
        assertEquals("v2", show("/pages/list"));
    }

    @Test
    void aClientReadingRightAfterARedirectingWriteSeesFreshData() throws Exception {
        start();
        cache("/pages/items");

        HttpResponse<byte[]> redirect = write("POST", "/pages/items?redirect=" + enc("/app/pages/items"));

        assertEquals(302, redirect.statusCode());
        assertEquals("v2", show("/pages/items"));
    }

    @Test
    void evictionHappensBeforeTheAnswerReachesTheClientEvenWhenTheAppFlushesEarly() throws Exception {
        start();
        cache("/pages/items");

        // The servlet writes 256 KiB (beyond any response buffer), flushes, then waits for us.
        HttpRequest post = HttpRequest.newBuilder(server.uri("/pages/items?big=262144"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<InputStream> answer = HttpClient.newHttpClient()
                .sendAsync(post, HttpResponse.BodyHandlers.ofInputStream())
                .get(30, TimeUnit.SECONDS);

        // The answer's head has arrived while the servlet is still running: the page is gone.
        assertEquals(200, answer.statusCode());
        assertEquals("v2", show("/pages/items"));
        data.finishBigAnswer.countDown();
        try (InputStream body = answer.body()) {
            assertEquals(262144, body.readAllBytes().length);
        }
    }

    @Test
    void excludedPathsAreNeitherCachedNorMarked() throws Exception {
        start("exclude-paths", "/pages/admin/*, *.csv");
        HttpResponse<byte[]> first = get(server.uri("/pages/admin/panel"));
        data.version.incrementAndGet();
        HttpResponse<byte[]> second = get(server.uri("/pages/admin/panel"));

        assertNull(header(first, "X-Cache"));
        assertEquals("v2", text(second));
        get(server.uri("/pages/export.csv"));
        assertNull(header(get(server.uri("/pages/export.csv")), "X-Cache"));
    }
}
