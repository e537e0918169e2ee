package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.head;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.Http;
import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;

/**
 * What a client of an application behind the filter sees, the same whichever store holds the
 * entries: subclasses name the store.
 */
abstract class FilterBehaviourTest {

    PagesServlet pages;
    JettyServer server;

    /** Init-params that select the store under test. */
    abstract Map<String, String> storeParams();

    JettyServer start(String... extraParams) throws Exception {
        Map<String, String> params = InitParams.of(storeParams(), extraParams);
        pages = new PagesServlet();
        server = new JettyServer().filter("pages", params, "/pages/*").servlet(pages, "/pages/*").start();
        return server;
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<byte[]> fetch(String pathAndQuery, String... headers) throws Exception {
        return get(server.uri(pathAndQuery), headers);
    }

    static String xCache(HttpResponse<byte[]> response) {
        return header(response, "X-Cache");
    }

    @Test
    void secondRequestIsAHitWithTheSameBytesAndHeadersAndThePageRendersOnce() throws Exception {
        start();
        HttpResponse<byte[]> miss = fetch("/pages/hello");
        HttpResponse<byte[]> hit = fetch("/pages/hello");

        assertEquals("MISS", xCache(miss));
        assertEquals("HIT", xCache(hit));
        assertEquals(200, hit.statusCode());
        assertArrayEquals(miss.body(), hit.body());
        assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"));
        assertEquals(Integer.toString(hit.body().length), header(hit, "Content-Length"));
        assertEquals(1, pages.renders("/hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "Shift_JIS", "ISO-8859-1", "UTF-16", "EUC-KR"})
    void writerOutputInAnyCharsetIsReplayedByteForByte(String charset) throws Exception {
        start();
        HttpResponse<byte[]> miss = fetch("/pages/text/" + charset);
        HttpResponse<byte[]> hit = fetch("/pages/text/" + charset);

        assertEquals("HIT", xCache(hit));
        assertArrayEquals(miss.body(), hit.body());
        assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"));
        assertEquals(PagesServlet.TEXTS.get(charset) + "null\n", new String(hit.body(), Charset.forName(charset)));
        assertEquals(1, pages.renders("/text/" + charset));
    }

    @Test
    void textTheCharsetCannotEncodeReachesTheClientAsTheContainerWritesItAndIsNotStored() throws Exception {
        start();
        HttpResponse<byte[]> withFilter = fetch("/pages/unencodable");
        HttpResponse<byte[]> again = fetch("/pages/unencodable");

        assertEquals("MISS", xCache(again));
        assertArrayEquals(withFilter.body(), again.body());
        assertTrue(new String(again.body(), StandardCharsets.ISO_8859_1).startsWith("price: 5 ?"),
                new String(again.body(), StandardCharsets.ISO_8859_1));
        assertEquals(2, pages.renders("/unencodable"));
    }

    @Test
    void aCharsetTheContainerAddsIsKeptOnAHit() throws Exception {
        start();
        HttpResponse<byte[]> miss = fetch("/pages/html-default-charset");
        HttpResponse<byte[]> hit = fetch("/pages/html-default-charset");

        assertEquals("HIT", xCache(hit));
        assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"));
        assertArrayEquals(miss.body(), hit.body());
    }

    @Test
    void binaryOutputAndRepeatedHeadersAreReplayedButHopByHopHeadersAreNot() throws Exception {
        start();
        HttpResponse<byte[]> miss = fetch("/pages/binary");
        HttpResponse<byte[]> hit = fetch("/pages/binary");

        assertEquals("HIT", xCache(hit));
        assertEquals(1024, hit.body().length);
        for (int i = 0; i < 1024; i++) {
            assertEquals((byte) (i % 256), hit.body()[i]);
        }
        assertArrayEquals(miss.body(), hit.body());
        assertEquals("application/octet-stream", header(hit, "Content-Type"));
        assertEquals(List.of("one", "two"), hit.headers().allValues("X-Custom"));
        assertNull(header(hit, "Keep-Alive"));
        assertNull(header(hit, "Proxy-Authenticate"));
    }

    @Test
    void headIsAnsweredFromTheGetEntryWithoutABody() throws Exception {
        start();
        HttpResponse<byte[]> get = fetch("/pages/hello");
        HttpResponse<byte[]> head = head(server.uri("/pages/hello"));

        assertEquals("HIT", xCache(head));
        assertEquals(0, head.body().length);
        assertEquals(Integer.toString(get.body().length), header(head, "Content-Length"));
        assertEquals(header(get, "Content-Type"), header(head, "Content-Type"));
        assertEquals(1, pages.renders("/hello"));
    }

    @Test
    void headMissIsNotStoredSoTheFollowingGetRendersAndStores() throws Exception {
        start();
        assertEquals("MISS", xCache(head(server.uri("/pages/hello"))));
        HttpResponse<byte[]> get = fetch("/pages/hello");

        assertEquals("MISS", xCache(get));
        assertTrue(text(get).startsWith("page /hello"), text(get));
        assertEquals("HIT", xCache(fetch("/pages/hello")));
    }

    @Test
    void queryParametersInAnotherOrderShareOneEntry() throws Exception {
        start();
        HttpResponse<byte[]> first = fetch("/pages/list?b=2&a=1");
        HttpResponse<byte[]> reordered = fetch("/pages/list?a=1&b=2");

        assertEquals("HIT", xCache(reordered));
        assertArrayEquals(first.body(), reordered.body());
        assertEquals(1, pages.renders("/list"));
    }

    @Test
    void eachQueryStringIsItsOwnEntryByDefault() throws Exception {
        start();
        fetch("/pages/list");
        HttpResponse<byte[]> page2 = fetch("/pages/list?page=2");

        assertEquals("MISS", xCache(page2));
        assertEquals("page /list render 2 query page=2", text(page2));
        assertEquals("HIT", xCache(fetch("/pages/list?page=2")));
        assertEquals("page /list render 1 query null", text(fetch("/pages/list")));
    }

    @Test
    void queryStringIgnoreServesOneEntryForAllQueries() throws Exception {
        start("query-string", "ignore");
        fetch("/pages/list?page=1");
        HttpResponse<byte[]> other = fetch("/pages/list?page=2");

        assertEquals("HIT", xCache(other));
        assertEquals("page /list render 1 query page=1", text(other));
    }

    @Test
    void aQueryWithAMalformedEscapeIsNotCached() throws Exception {
        start();
        // java.net.URI refuses such a query, so this request goes out as raw HTTP.
        String first = Http.raw(server.uri("/"), "GET /app/pages/list?a=%zz HTTP/1.1");
        String second = Http.raw(server.uri("/"), "GET /app/pages/list?a=%zz HTTP/1.1");

        assertTrue(first.contains("X-Cache: BYPASS"), first);
        assertTrue(second.contains("X-Cache: BYPASS"), second);
        assertTrue(second.endsWith("page /list render 2 query a=%zz"), second);
    }

    @Test
    void onlyListedStatusesAreStored() throws Exception {
        start();
        assertEquals(404, fetch("/pages/status/404").statusCode());
        HttpResponse<byte[]> again = fetch("/pages/status/404");

        assertEquals("MISS", xCache(again));
        assertEquals(2, pages.renders("/status/404"));
    }

    @Test
    void aListedStatusOtherThan200IsStoredWithItsStatus() throws Exception {
        start("cacheable-statuses", "200, 404");
        fetch("/pages/status/404");
        HttpResponse<byte[]> hit = fetch("/pages/status/404");

        assertEquals("HIT", xCache(hit));
        assertEquals(404, hit.statusCode());
        assertEquals("status page 1", text(hit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cookie", "/set-cookie-header"})
    void aResponseThatSetsACookieIsNeverStored(String page) throws Exception {
        start();
        fetch("/pages" + page);
        HttpResponse<byte[]> second = fetch("/pages" + page);

        assertEquals("MISS", xCache(second));
        assertEquals("hello 2", text(second));
        assertTrue(header(second, "Set-Cookie").contains("secret-2"));
    }

    @Test
    void aResponseLargerThanMaxEntryBytesPassesThroughWholeAndIsNotStored() throws Exception {
        start("max-entry-bytes", "5000");
        HttpResponse<byte[]> big = fetch("/pages/large?bytes=12000");
        HttpResponse<byte[]> again = fetch("/pages/large?bytes=12000");

        assertEquals(12000, big.body().length);
        assertEquals(11, big.body()[11999]);
        assertEquals("MISS", xCache(again));
        assertEquals(2, pages.renders("/large"));
    }

    @Test
    void aBodyOfExactlyMaxEntryBytesIsStored() throws Exception {
        start("max-entry-bytes", "5000");
        fetch("/pages/large?bytes=5000");
        HttpResponse<byte[]> hit = fetch("/pages/large?bytes=5000");

        assertEquals("HIT", xCache(hit));
        assertEquals(5000, hit.body().length);
    }

    @Test
    void sendErrorIsNeverStoredEvenWhenItsStatusIsListed() throws Exception {
        start("cacheable-statuses", "200,404");
        fetch("/pages/send-error");
        HttpResponse<byte[]> again = fetch("/pages/send-error");

        assertEquals(404, again.statusCode());
        assertEquals(2, pages.renders("/send-error"));
    }

    @Test
    void aPageThatThrowsIsNotStored() throws Exception {
        start();
        assertEquals(500, fetch("/pages/throw").statusCode());
        assertEquals(500, fetch("/pages/throw").statusCode());
        assertEquals(2, pages.renders("/throw"));
    }

    @Test
    void bytesDiscardedByResetBufferAreNotStored() throws Exception {
        start();
        HttpResponse<byte[]> miss = fetch("/pages/reset-buffer");
        HttpResponse<byte[]> hit = fetch("/pages/reset-buffer");

        assertEquals("final", text(miss));
        assertEquals("HIT", xCache(hit));
        assertEquals("final", text(hit));
    }

    @Test
    void anAsyncResponseReachesTheClientAndIsStoredWhenItCompletes() throws Exception {
        start();
        assertEquals("async 1", text(fetch("/pages/async")));

        // The entry lands as the async response completes, just after the client has it.
        HttpResponse<byte[]> later = pollUntilHit("/pages/async");
        assertTrue(text(later).matches("async [0-9]+"), text(later));
        assertEquals(text(later), text(fetch("/pages/async")));
    }

    HttpResponse<byte[]> pollUntilHit(String pathAndQuery) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            HttpResponse<byte[]> response = fetch(pathAndQuery);
            if ("HIT".equals(xCache(response)) || System.nanoTime() > deadline) {
                assertEquals("HIT", xCache(response), "no hit within the deadline");
                return response;
            }
        }
    }

    @Test
    void otherMethodsPassThroughMarkedBypass() throws Exception {
        start();
        HttpResponse<byte[]> post = Http.send("POST", server.uri("/pages/hello"), "x");

        assertEquals("BYPASS", xCache(post));
        assertEquals("MISS", xCache(fetch("/pages/hello")));
    }

    @Test
    void evictRemovesEveryQueryStringVariantOfThePage() throws Exception {
        start();
        fetch("/pages/list");
        fetch("/pages/list?page=2");
        fetch("/pages/other");

        ViewCache.from(server.servletContext()).evict("/pages/list");

        assertEquals("MISS", xCache(fetch("/pages/list")));
        assertEquals("MISS", xCache(fetch("/pages/list?page=2")));
        assertEquals("HIT", xCache(fetch("/pages/other")));
    }

    @Test
    void clearRemovesEveryPage() throws Exception {
        start();
        fetch("/pages/list");
        fetch("/pages/other?x=1");

        assertTrue(ViewCache.from(server.servletContext()).clear());

        assertEquals("MISS", xCache(fetch("/pages/list")));
        assertEquals("MISS", xCache(fetch("/pages/other?x=1")));
    }

    @Test
    void keysLeaveOutTheContextPathAndUseTheDecodedPath() throws Exception {
        start();
        fetch("/pages/b%6Fok");
        HttpResponse<byte[]> plain = fetch("/pages/book");

        assertEquals("HIT", xCache(plain));
        ViewCache.from(server.servletContext()).evict("/pages/book");
        assertEquals("MISS", xCache(fetch("/pages/b%6Fok")));
    }
}
