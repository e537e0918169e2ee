package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.head;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * The HTTP caching rules, as a table: a first client asks for a page scripted to answer a
 * certain way, then a second client asks for the same page; the table says whether the second
 * one is served the first one's response from the cache. Real Jetty, real Redis.
 */
class HttpRulesTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    RuleServlet pages;
    JettyServer server;

    void start(String... params) throws Exception {
        Map<String, String> p = InitParams.of(Map.of("redis-url", redis.url()), params);
        pages = new RuleServlet();
        server = new JettyServer().filter("rules", p, "/r/*").servlet(pages, "/r/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The page's query string: h=Name:Value adds that response header, and so on. */
    static String page(String... script) {
        StringBuilder q = new StringBuilder("/r/page?");
        for (int i = 0; i < script.length; i += 2) {
            q.append(i == 0 ? "" : "&").append(script[i]).append('=')
                    .append(URLEncoder.encode(script[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    static String[] h(String... nameValuePairs) {
        return nameValuePairs;
    }

    HttpResponse<byte[]> fetch(String pathAndQuery, String... headers) throws IOException {
        return get(server.uri(pathAndQuery), headers);
    }

    // ---- the table -----------------------------------------------------------------------------

    static Stream<Arguments> responsesThatAreNeverStored() {
        return Stream.of(
                Arguments.of("no-store", page("h", "Cache-Control:no-store"), "no-store"),
                Arguments.of("NO-STORE upper case", page("h", "Cache-Control:NO-STORE"), "no-store"),
                Arguments.of("no-store padded", page("h", "Cache-Control:   no-store   "), "no-store"),
                Arguments.of("no-store after max-age", page("h", "Cache-Control:max-age=60 ,No-Store"), "no-store"),
                Arguments.of("no-store on a second line", page("h", "Cache-Control:max-age=60",
                        "h", "Cache-Control:no-store"), "no-store"),
                Arguments.of("private", page("h", "Cache-Control:private"), "private"),
                Arguments.of("Private with field names", page("h", "Cache-Control:Private=\"Set-Cookie, X-Id\""),
                        "private"),
                Arguments.of("public yet PRIVATE", page("h", "Cache-Control:public,\tPRIVATE"), "private"),
                Arguments.of("no-cache", page("h", "Cache-Control:no-cache"), "no-cache"),
                Arguments.of("max-age=0", page("h", "Cache-Control:max-age=0"), "stale"),
                Arguments.of("s-maxage=0 beats max-age", page("h", "Cache-Control:max-age=60, s-maxage=0"), "stale"),
                Arguments.of("max-age not a number", page("h", "Cache-Control:max-age=soon"), "invalid-cache-control"),
                Arguments.of("max-age negative", page("h", "Cache-Control:max-age=-1"), "invalid-cache-control"),
                Arguments.of("max-age twice, differing", page("h", "Cache-Control:max-age=60, max-age=120"),
                        "invalid-cache-control"),
                Arguments.of("Expires 0", page("h", "Expires:0"), "stale"),
                Arguments.of("an Age past its max-age", page("h", "Cache-Control:max-age=3600", "h", "Age:7200"), "stale"),
                Arguments.of("an Age that is not a number", page("h", "Cache-Control:max-age=60", "h", "Age:old"), "stale"),
                Arguments.of("an Age given twice", page("h", "Cache-Control:max-age=60", "h", "Age:0", "h", "Age:0"),
                        "stale"),
                Arguments.of("an unknown status that must be understood",
                        page("status", "599", "h", "Cache-Control:max-age=60, must-understand"), "status"),
                Arguments.of("ViewCache-Cache-Control: no-store beats Cache-Control",
                        page("h", "Cache-Control:public, max-age=60", "h", "ViewCache-Cache-Control:no-store"), "no-store"),
                Arguments.of("Expires in the past", page("h", "Expires:Thu, 01 Jan 1970 00:00:00 GMT"), "stale"),
                Arguments.of("Vary *", page("h", "Vary:*"), "vary-star"),
                Arguments.of("Vary with a * among names", page("h", "Vary:Accept-Language, *"), "vary-star"),
                Arguments.of("Set-Cookie", page("h", "Set-Cookie:id=1"), "set-cookie"),
                Arguments.of("status 500", page("status", "500"), "status"),
                Arguments.of("status 302 not listed", page("status", "302", "h", "Location:/x"), "status"),
                Arguments.of("206 from the application", page("status", "206", "h", "Content-Range:bytes 0-5/9"),
                        "status"),
                Arguments.of("creates a session, which sets a cookie", page("read", "session"), "new-session"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responsesThatAreNeverStored")
    void neverStored(String rule, String page, String detail) throws Exception {
        start();
        HttpResponse<byte[]> first = fetch(page, "Cookie", "session=alice");
        HttpResponse<byte[]> second = fetch(page);

        assertTrue(text(second).startsWith("render 2"), rule + ": the second client got " + text(second));
        assertEquals("MISS", header(second, "X-Cache"));
        redis.awaitRendersDone("view//r/page"); // a marker lands before the render's lock goes
        assertEquals(List.of(), StoredFields.entriesIn(redis.client(), "view//r/page"), "no entry in Redis");
        List<String> markers = StoredFields.markersIn(redis.client(), "view//r/page");
        assertTrue(!markers.isEmpty() && markers.stream().allMatch(detail::equals), "hit-for-pass: " + markers);
        assertEquals("ViewCache; fwd=uri-miss; detail=" + detail, header(first, "Cache-Status"));
        assertEquals("ViewCache; fwd=uri-miss; detail=" + detail, header(second, "Cache-Status"));
    }

    /**
     * Reads of the visitor that find someone: the session id or a cookie the first client
     * carries. Its page is its own: never stored, never served to the anonymous client who
     * comes next, whose render (finding nobody) is stored for anonymous clients only.
     */
    static Stream<Arguments> readsThatFindTheVisitor() {
        String session = "JSESSIONID=node0abc";
        String cookie = "locale=fr";
        return Stream.of(
                Arguments.of("getSession(false)", page("read", "session-if-any"), session, "personalized-session"),
                Arguments.of("the requested session id", page("read", "session-id"), session, "personalized-session"),
                Arguments.of("getRemoteUser()", page("read", "remote-user"), session, "personalized-user"),
                Arguments.of("getUserPrincipal()", page("read", "principal"), session, "personalized-user"),
                Arguments.of("isUserInRole()", page("read", "role"), session, "personalized-user"),
                Arguments.of("getAuthType()", page("read", "auth-type"), session, "personalized-user"),
                Arguments.of("getCookies()", page("read", "cookies"), cookie, "personalized-cookie"),
                Arguments.of("the Cookie header", page("read", "cookie-header"), cookie, "personalized-cookie"),
                Arguments.of("the COOKIE header", page("read", "cookie-header-upper"), cookie, "personalized-cookie"),
                Arguments.of("getHeaders(cookie)", page("read", "cookie-headers"), cookie, "personalized-cookie"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readsThatFindTheVisitor")
    void aPageThatFoundTheVisitorIsTheirsAlone(String rule, String page, String carried, String detail)
            throws Exception {
        start();
        HttpResponse<byte[]> personal = fetch(page, "Cookie", carried);
        HttpResponse<byte[]> anonymous = fetch(page);
        HttpResponse<byte[]> anonymousAgain = fetch(page);
        HttpResponse<byte[]> personalAgain = fetch(page, "Cookie", carried);

        assertEquals("ViewCache; fwd=uri-miss; detail=" + detail, header(personal, "Cache-Status"), rule);
        assertEquals("render 2", text(anonymous), rule + ": the anonymous client renders its own page");
        assertEquals("ViewCache; fwd=uri-miss; stored", header(anonymous, "Cache-Status"), rule);
        assertEquals("render 2", text(anonymousAgain));
        assertEquals("HIT", header(anonymousAgain, "X-Cache"));
        assertEquals("render 3", text(personalAgain), rule + ": never the anonymous page");
        assertEquals("ViewCache; fwd=uri-miss; detail=" + detail, header(personalAgain, "Cache-Status"));
    }

    static Stream<Arguments> responsesThatAreStored() {
        return Stream.of(
                Arguments.of("plain", page("x", "1")),
                Arguments.of("public, max-age", page("h", "Cache-Control:public, max-age=60")),
                Arguments.of("MAX-AGE upper case", page("h", "Cache-Control:MAX-AGE=60")),
                Arguments.of("quoted max-age", page("h", "Cache-Control:max-age=\"60\"")),
                Arguments.of("max-age twice, equal", page("h", "Cache-Control:max-age=60, max-age=60")),
                Arguments.of("unknown directive", page("h", "Cache-Control:stale-while-revalidate=30, x-y")),
                Arguments.of("Expires ahead", page("h", "Expires:" + HttpDates.format(System.currentTimeMillis() + 60_000))),
                Arguments.of("a Vary the cache keys", page("h", "Vary:Accept-Language")),
                Arguments.of("sets no cookie, reads nothing personal", page("x", "2")),
                Arguments.of("ViewCache-Cache-Control: max-age beats Cache-Control: no-store",
                        page("h", "Cache-Control:no-store", "h", "ViewCache-Cache-Control:max-age=50")),
                Arguments.of("Surrogate-Control: max-age, for some surrogate, beats Cache-Control: no-store",
                        page("h", "Cache-Control:no-store", "h", "Surrogate-Control:max-age=50;edge")),
                Arguments.of("no-store that must be understood, with a status that is",
                        page("h", "Cache-Control:no-store, must-understand, max-age=50")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responsesThatAreStored")
    void stored(String rule, String page) throws Exception {
        start();
        HttpResponse<byte[]> first = fetch(page);
        HttpResponse<byte[]> second = fetch(page);

        assertEquals("ViewCache; fwd=uri-miss; stored", header(first, "Cache-Status"), rule);
        assertEquals("HIT", header(second, "X-Cache"), rule);
        assertEquals(text(first), text(second));
        assertTrue(header(second, "Cache-Status").startsWith("ViewCache; hit"), header(second, "Cache-Status"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Host", "X-Forwarded-Proto", "X-Original-URL", "X-Rewrite-URL",
            "X-HTTP-Method-Override", "x-forwarded-host", "Forwarded", "X-Forwarded-Scheme"})
    void aRequestWithAnUnkeyedHeaderNeitherPoisonsNorReadsTheCache(String poison) throws Exception {
        start();
        HttpResponse<byte[]> attacker = fetch(page("x", "1"), poison, "evil.example");
        HttpResponse<byte[]> victim = fetch(page("x", "1"));

        assertEquals("BYPASS", header(attacker, "X-Cache"));
        assertEquals("ViewCache; fwd=bypass; detail=" + poison.toLowerCase(), header(attacker, "Cache-Status"));
        assertEquals("render 2", text(victim), "the attacker's page was not stored");
        assertEquals("BYPASS", header(fetch(page("x", "1"), poison, "evil.example"), "X-Cache"),
                "nor is the cached page served to it");
    }

    @Test
    void aHeaderListedInKeyHeadersIsPartOfTheKey() throws Exception {
        start("key-headers", "X-Forwarded-Host, X-Forwarded-Proto");
        fetch(page("x", "1"), "X-Forwarded-Host", "shop.example");
        HttpResponse<byte[]> evil = fetch(page("x", "1"), "X-Forwarded-Host", "evil.example");
        HttpResponse<byte[]> plain = fetch(page("x", "1"));
        HttpResponse<byte[]> shop = fetch(page("x", "1"), "X-Forwarded-Host", "shop.example");

        assertEquals("render 2", text(evil));
        assertEquals("render 3", text(plain), "absent is its own variant");
        assertEquals("render 1", text(shop));
        assertEquals("HIT", header(shop, "X-Cache"));
    }

    @Test
    void aGetWithABodyBypassesTheCache() throws Exception {
        start();
        HttpRequest withBody = HttpRequest.newBuilder(server.uri(page("x", "1")))
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"q\":1}")).build();
        HttpResponse<String> first = HttpClient.newHttpClient().send(withBody, HttpResponse.BodyHandlers.ofString());

        assertEquals("ViewCache; fwd=bypass; detail=request-body", first.headers().firstValue("Cache-Status").get());
        assertEquals("render 2", text(fetch(page("x", "1"))));
    }

    @Test
    void anAuthorizedRequestIsNeverServedFromTheCacheAndItsAnswerIsNotStored() throws Exception {
        start();
        fetch(page("x", "1"));
        HttpResponse<byte[]> alice = fetch(page("x", "1"), "Authorization", "Basic YWxpY2U6cw==");
        HttpResponse<byte[]> anonymous = fetch(page("x", "2"), "Authorization", "Basic YWxpY2U6cw==");

        assertEquals("render 2", text(alice));
        assertEquals("BYPASS", header(alice, "X-Cache"));
        assertEquals("render 2", text(fetch(page("x", "2"))), "the answer to Alice was not stored");
        assertNotEquals("HIT", header(anonymous, "X-Cache"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cache-Control:public", "Cache-Control:s-maxage=60", "Cache-Control:PUBLIC, max-age=9"})
    void anAuthorizedRequestsAnswerIsStoredWhenItSaysItIsShared(String directive) throws Exception {
        start();
        fetch(page("h", directive), "Authorization", "Bearer t");

        HttpResponse<byte[]> anonymous = fetch(page("h", directive));
        assertEquals("HIT", header(anonymous, "X-Cache"));
        assertEquals("render 1", text(anonymous));
    }

    @Test
    void storePersonalizedTrueStoresPagesThatReadTheUser() throws Exception {
        start("store-personalized", "true");
        fetch(page("read", "principal"));
        assertEquals("HIT", header(fetch(page("read", "principal")), "X-Cache"));
    }

    // ---- Vary ---------------------------------------------------------------------------------

    @Test
    void eachVaryVariantIsItsOwnEntryAndOneEvictionRemovesThemAll() throws Exception {
        start();
        String page = page("h", "Vary:Accept-Language");
        fetch(page, "Accept-Language", "en, fr");
        HttpResponse<byte[]> german = fetch(page, "Accept-Language", "de");
        HttpResponse<byte[]> englishAgain = fetch(page, "Accept-Language", "EN,FR");
        HttpResponse<byte[]> none = fetch(page);
        HttpResponse<byte[]> empty = fetch(page, "Accept-Language", "");

        assertEquals("render 2", text(german));
        assertEquals("render 1", text(englishAgain), "values are normalised");
        assertEquals("render 3", text(none));
        assertEquals("render 4", text(empty), "an empty header is not an absent one");
        assertEquals("HIT", header(fetch(page), "X-Cache"));
        assertEquals("HIT", header(fetch(page, "Accept-Language", "de"), "X-Cache"));

        ViewCache.from(server.servletContext()).evict("/r/page");
        assertEquals("MISS", header(fetch(page, "Accept-Language", "de"), "X-Cache"));
        assertEquals("MISS", header(fetch(page), "X-Cache"));
    }

    @Test
    void varyAcceptEncodingIsFoldedToWhatTheCacheCanServe() throws Exception {
        start();
        String page = page("h", "Vary:Accept-Encoding");
        fetch(page, "Accept-Encoding", "gzip, deflate, br");
        HttpResponse<byte[]> otherGzipClient = fetch(page, "Accept-Encoding", "br;q=1, GZIP;q=0.5");
        HttpResponse<byte[]> identityClient = fetch(page, "Accept-Encoding", "identity");

        assertEquals("render 1", text(otherGzipClient));
        assertEquals("render 2", text(identityClient));
        assertEquals("render 2", text(fetch(page, "Accept-Encoding", "gzip;q=0")));
    }

    @Test
    void aVaryingPageIsFoundByAServerThatNeverSawItStored() throws Exception {
        start();
        String page = page("h", "Vary:Accept-Language");
        fetch(page, "Accept-Language", "de");
        server.close();
        start(); // a fresh JVM-side memory of Vary, the same Redis

        assertEquals("HIT", header(fetch(page, "Accept-Language", "de"), "X-Cache"));
        assertEquals("MISS", header(fetch(page, "Accept-Language", "fr"), "X-Cache"));
    }

    // ---- freshness, Age, Cache-Status -------------------------------------------------------------

    static Stream<Arguments> lifetimes() {
        long soon = System.currentTimeMillis() + 9_000;
        return Stream.of(
                Arguments.of(page("h", "Cache-Control:max-age=5"), 5L),
                Arguments.of(page("h", "Cache-Control:s-maxage=7, max-age=100"), 7L),
                Arguments.of(page("h", "Cache-Control:max-age=100000"), 300L),
                Arguments.of(page("h", "Expires:" + HttpDates.format(soon)), 9L),
                Arguments.of(page("x", "no directive"), 300L));
    }

    @ParameterizedTest
    @MethodSource("lifetimes")
    void theResponsesOwnLifetimeShortensTheTimeout(String page, long seconds) throws Exception {
        start();
        fetch(page);
        redis.awaitRendersDone("view//r/page");
        long ttl = redis.client().ttl("view//r/page");
        assertTrue(ttl > 0 && ttl <= seconds && ttl >= seconds - 2, "ttl " + ttl + ", expected about " + seconds);
    }

    @Test
    void honorCacheControlFalseKeepsTheTimeout() throws Exception {
        start("honor-cache-control", "false", "timeout", "120");
        fetch(page("h", "Cache-Control:max-age=5"));
        redis.awaitRendersDone("view//r/page");
        long ttl = redis.client().ttl("view//r/page");
        assertTrue(ttl > 100 && ttl <= 120, "ttl " + ttl);
    }

    @Test
    void viewCachesOwnFieldSetsItsFreshnessAndNeverReachesAClient() throws Exception {
        start();
        String page = page("h", "Cache-Control:private, max-age=600", "h", "ViewCache-Cache-Control:max-age=50");
        HttpResponse<byte[]> miss = fetch(page);
        HttpResponse<byte[]> hit = fetch(page);

        assertEquals("HIT", header(hit, "X-Cache"), "ViewCache's field speaks for ViewCache: not private to it");
        assertTrue(header(hit, "Cache-Status").matches("ViewCache; hit; ttl=(49|50)(; collapsed)?"),
                header(hit, "Cache-Status"));
        assertNull(header(miss, "ViewCache-Cache-Control"));
        assertNull(header(hit, "ViewCache-Cache-Control"));
        assertEquals("private, max-age=600", header(hit, "Cache-Control"), "the client's own field is kept");
        assertNull(header(fetch(page, "X-Forwarded-Host", "x"), "ViewCache-Cache-Control"), "nor on a bypass");
        assertNull(header(fetch(page("h", "Surrogate-Control:max-age=5")), "Surrogate-Control"), "nor the older field");
    }

    @Test
    void byTheOriginsFreshnessOnlyResponsesThatHaveSomeAreStoredWhateverTheirStatus() throws Exception {
        start("freshness", "origin", "timeout", "120");
        HttpResponse<byte[]> plain = fetch(page("x", "1"));
        fetch(page("status", "404", "h", "Cache-Control:max-age=600"));
        HttpResponse<byte[]> notFound = fetch(page("status", "404", "h", "Cache-Control:max-age=600"));
        HttpResponse<byte[]> partial = fetch(page("status", "206", "h", "Content-Range:bytes 0-5/9",
                "h", "Cache-Control:max-age=60"));

        assertEquals("ViewCache; fwd=uri-miss; detail=no-freshness", header(plain, "Cache-Status"));
        assertEquals("HIT", header(notFound, "X-Cache"));
        assertEquals(404, notFound.statusCode());
        assertTrue(header(notFound, "Cache-Status").matches("ViewCache; hit; ttl=(119|120)(; collapsed)?"),
                "capped by timeout: " + header(notFound, "Cache-Status"));
        assertEquals("ViewCache; fwd=uri-miss; detail=status", header(partial, "Cache-Status"));
    }

    @Test
    void anUpstreamAgeIsSpentFromFreshnessAndCountedInTheAgeOfHits() throws Exception {
        start();
        String page = page("h", "Cache-Control:max-age=60", "h", "Age:30");
        fetch(page);
        HttpResponse<byte[]> hit = fetch(page);

        long age = Long.parseLong(header(hit, "Age"));
        assertTrue(age >= 30 && age <= 32, "age " + age);
        assertTrue(header(hit, "Cache-Status").matches("ViewCache; hit; ttl=(29|30)(; collapsed)?"),
                header(hit, "Cache-Status"));
    }

    @Test
    void aHitKeepsTheDateOfThePageItServes() throws Exception {
        start();
        String page = page("h", "Date:Fri, 04 Dec 2026 10:00:00 GMT");
        HttpResponse<byte[]> miss = fetch(page);
        HttpResponse<byte[]> hit = fetch(page);

        assertEquals("HIT", header(hit, "X-Cache"));
        // The servlet adds its Date beside the one Jetty sets: the hit repeats both, as stored.
        assertEquals(miss.headers().allValues("Date"), hit.headers().allValues("Date"));
        assertTrue(hit.headers().allValues("Date").contains("Fri, 04 Dec 2026 10:00:00 GMT"));
    }

    @Test
    void hitsCarryAgeAndTheirRemainingTtl() throws Exception {
        start();
        fetch(page("h", "Cache-Control:max-age=60"));
        HttpResponse<byte[]> hit = fetch(page("h", "Cache-Control:max-age=60"));

        long age = Long.parseLong(header(hit, "Age"));
        assertTrue(age >= 0 && age <= 2, "age " + age);
        // collapsed when it came while the miss was still being stored
        assertTrue(header(hit, "Cache-Status").matches("ViewCache; hit; ttl=(59|60)(; collapsed)?"),
                header(hit, "Cache-Status"));
    }

    @Test
    void aStoreOutageSaysSo() throws Exception {
        start();
        redis.process().kill();
        HttpResponse<byte[]> response = fetch(page("x", "1"));
        assertEquals("ViewCache; fwd=bypass; detail=store-unavailable", header(response, "Cache-Status"));
    }

    // ---- conditional requests, HEAD, ranges -------------------------------------------------------

    @Test
    void aStoredEntryHasAStrongETagAndLastModifiedAndAnswersConditionalRequestsWith304() throws Exception {
        start();
        String page = page("h", "Cache-Control:max-age=60", "h", "Content-Location:/r/page");
        fetch(page);
        HttpResponse<byte[]> hit = fetch(page);
        String etag = header(hit, "ETag");
        String lastModified = header(hit, "Last-Modified");
        assertTrue(etag.matches("\"[^\"]+\""), etag);

        HttpResponse<byte[]> notModified = fetch(page, "If-None-Match", "\"other\", " + etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals("max-age=60", header(notModified, "Cache-Control"));
        assertEquals("/r/page", header(notModified, "Content-Location"));
        assertNull(header(notModified, "Content-Type"));

        assertEquals(304, fetch(page, "If-None-Match", "W/" + etag).statusCode(), "weak comparison");
        assertEquals(304, fetch(page, "If-None-Match", "*").statusCode());
        assertEquals(200, fetch(page, "If-None-Match", "\"other\"").statusCode());
        assertEquals(304, fetch(page, "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, fetch(page, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        assertEquals(200, fetch(page, "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).statusCode(),
                "If-None-Match wins");
        assertEquals(1, pages.renders(page.substring("/r/page?".length())));
    }

    @Test
    void theApplicationsOwnETagIsKept() throws Exception {
        start();
        String page = page("h", "ETag:\"v42\"");
        fetch(page);
        assertEquals("\"v42\"", header(fetch(page), "ETag"));
        assertEquals(304, fetch(page, "If-None-Match", "\"v42\"").statusCode());
    }

    @Test
    void headIsAnsweredWithTheGetsHeaders() throws Exception {
        start();
        HttpResponse<byte[]> get = fetch(page("pad", "100"));
        HttpResponse<byte[]> headHit = head(server.uri(page("pad", "100")));

        assertEquals("HIT", header(headHit, "X-Cache"));
        assertEquals(Integer.toString(get.body().length), header(headHit, "Content-Length"));
        assertEquals(header(get, "Content-Type"), header(headHit, "Content-Type"));
        assertEquals(0, headHit.body().length);
    }

    @Test
    void aSingleByteRangeIsAnsweredFromTheStoredBody() throws Exception {
        start();
        String page = page("x", "1");
        fetch(page);

        HttpResponse<byte[]> first = fetch(page, "Range", "bytes=0-3");
        assertEquals(206, first.statusCode());
        assertEquals("rend", text(first));
        assertEquals("bytes 0-3/8", header(first, "Content-Range"));
        assertEquals("r 1", text(fetch(page, "Range", "bytes=-3")));
        assertEquals("der 1", text(fetch(page, "Range", "bytes=3-")));
        HttpResponse<byte[]> beyond = fetch(page, "Range", "bytes=100-200");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */8", header(beyond, "Content-Range"));
        assertEquals(200, fetch(page, "Range", "bytes=0-1,4-5").statusCode(), "several ranges: the whole body");
        assertEquals(200, fetch(page, "Range", "bytes=0-1", "If-Range", "\"stale\"").statusCode());
        String etag = header(fetch(page), "ETag");
        assertEquals(206, fetch(page, "Range", "bytes=0-1", "If-Range", etag).statusCode());
    }

    // ---- compression ------------------------------------------------------------------------------

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void compressibleEntriesAreStoredGzippedOnceAndServedInTheCodingEachClientTakes() throws Exception {
        start();
        String page = page("pad", "5000");
        HttpResponse<byte[]> miss = fetch(page);
        HttpResponse<byte[]> gzipped = fetch(page, "Accept-Encoding", "gzip, deflate, br");
        HttpResponse<byte[]> plain = fetch(page);
        HttpResponse<byte[]> refused = fetch(page, "Accept-Encoding", "gzip;q=0, identity");

        assertEquals("gzip", header(gzipped, "Content-Encoding"));
        assertEquals("Accept-Encoding", header(gzipped, "Vary"));
        assertTrue(gzipped.body().length < miss.body().length / 2);
        assertArrayEquals(miss.body(), gunzip(gzipped.body()));
        assertNull(header(plain, "Content-Encoding"));
        assertEquals("Accept-Encoding", header(plain, "Vary"));
        assertArrayEquals(miss.body(), plain.body());
        assertEquals(Integer.toString(miss.body().length), header(plain, "Content-Length"));
        assertArrayEquals(miss.body(), refused.body());
        assertNotEquals(header(plain, "ETag"), header(gzipped, "ETag"), "each coding has its own tag");
        assertTrue(redis.client().hget("view//r/page", "pad=5000").length() < miss.body().length / 2,
                "stored compressed");
    }

    @Test
    void aBodyTheApplicationCompressedIsNeverCompressedAgain() throws Exception {
        start();
        String page = page("pad", "5000", "gzipped", "1");
        HttpResponse<byte[]> miss = fetch(page, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> hit = fetch(page, "Accept-Encoding", "gzip");

        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals("gzip", header(hit, "Content-Encoding"));
        assertArrayEquals(miss.body(), hit.body());
        assertTrue(new String(gunzip(hit.body()), StandardCharsets.UTF_8).startsWith("render 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pad=100", "pad=5000&type=image%2Fpng"})
    void smallOrIncompressibleBodiesAreStoredAsTheyAre(String query) throws Exception {
        start();
        fetch("/r/page?" + query);
        HttpResponse<byte[]> hit = fetch("/r/page?" + query, "Accept-Encoding", "gzip");
        assertEquals("HIT", header(hit, "X-Cache"));
        assertNull(header(hit, "Content-Encoding"));
    }

    @Test
    void gzipOffStoresBodiesAsTheyAre() throws Exception {
        start("gzip", "off");
        fetch(page("pad", "5000"));
        assertNull(header(fetch(page("pad", "5000"), "Accept-Encoding", "gzip"), "Content-Encoding"));
    }


}
