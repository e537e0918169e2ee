package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.sample.jetty.JettyLauncher;

/**
 * The Books sample as its users run it: the WAR's own web.xml on the launcher's embedded Jetty.
 * Subclasses choose the store by the system properties the launcher and filter read.
 */
abstract class BooksSampleTest {

    Server server;

    /** Sets the viewcache.* system properties for the store under test. */
    abstract void chooseStore();

    @BeforeEach
    void startSample() throws Exception {
        System.setProperty("HEAVY_MS", "150");
        chooseStore();
        server = JettyLauncher.start(0);
    }

    @AfterEach
    void stopSample() throws Exception {
        server.stop();
        System.clearProperty("HEAVY_MS");
        System.clearProperty("viewcache.store");
        System.clearProperty("viewcache.redis-url");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    int heavyRuns() {
        WebAppContext webapp = (WebAppContext) server.getHandler();
        return ((AtomicInteger) webapp.getServletContext().getAttribute(BooksServlet.HEAVY_RUNS_ATTRIBUTE)).get();
    }

    HttpResponse<byte[]> put(String path, String json) throws Exception {
        return send("PUT", uri(path), json, "Content-Type", "application/json");
    }

    HttpResponse<byte[]> post(String path, String json) throws Exception {
        return send("POST", uri(path), json, "Content-Type", "application/json");
    }

    @Test
    void theListIsRenderedOnceAndThenServedFromTheCache() throws Exception {
        HttpResponse<byte[]> miss = get(uri("/books"));
        HttpResponse<byte[]> hit = get(uri("/books"));

        assertEquals("[{\"name\":\"foo\",\"price\":100}]", text(miss));
        assertEquals("MISS", header(miss, "X-Cache"));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals(text(miss), text(hit));
        assertEquals("application/json;charset=utf-8", header(hit, "Content-Type").toLowerCase());
        assertEquals(1, heavyRuns());
    }

    @Test
    void aBookIsFoundAndAnUnknownOneIs404() throws Exception {
        HttpResponse<byte[]> foo = get(uri("/books/foo"));
        HttpResponse<byte[]> none = get(uri("/books/nope"));

        assertEquals(200, foo.statusCode());
        assertEquals("{\"name\":\"foo\",\"price\":100}", text(foo));
        assertEquals(404, none.statusCode());
        assertEquals("Book not found", text(none));
        assertEquals("HIT", header(get(uri("/books/foo")), "X-Cache"));
    }

    @Test
    void postShowsTheNewBookInTheNextList() throws Exception {
        get(uri("/books"));

        HttpResponse<byte[]> created = post("/books", "{\"name\":\"bar\",\"price\":200}");
        HttpResponse<byte[]> list = get(uri("/books"));

        assertEquals(201, created.statusCode());
        assertEquals("/books/bar", header(created, "Location"));
        assertEquals("MISS", header(list, "X-Cache"));
        assertEquals("[{\"name\":\"foo\",\"price\":100},{\"name\":\"bar\",\"price\":200}]", text(list));
        assertEquals(2, heavyRuns());
    }

    @Test
    void putShowsTheNewPriceOnTheBookAndInTheList() throws Exception {
        get(uri("/books"));
        get(uri("/books/foo"));

        assertEquals(204, put("/books/foo", "{\"price\":12.50}").statusCode());

        assertEquals("{\"name\":\"foo\",\"price\":12.50}", text(get(uri("/books/foo"))));
        assertEquals("[{\"name\":\"foo\",\"price\":12.50}]", text(get(uri("/books"))));
    }

    @Test
    void putOnAnUnknownBookIs404() throws Exception {
        HttpResponse<byte[]> response = put("/books/nope", "{\"price\":1}");
        assertEquals(404, response.statusCode());
        assertEquals("Book not found", text(response));
    }

    @Test
    void aSecondBookWithTheSameNameIsAConflictAndChangesNothing() throws Exception {
        HttpResponse<byte[]> response = post("/books", "{\"name\":\"foo\",\"price\":1}");
        assertEquals(409, response.statusCode());
        assertEquals("[{\"name\":\"foo\",\"price\":100}]", text(get(uri("/books"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"bar\",\"price\":",
            "{name: bar, price: 1}",
            "[1,2]",
            "{\"price\":200}",
            "{\"name\":\"\",\"price\":200}",
            "{\"name\":\"bar\"}",
            "{\"name\":\"bar\",\"price\":\"cheap\"}",
            "{\"name\":\"bar\",\"price\":\"200\"}",
            "{\"name\":\"bar\",\"price\":-1}",
            "{\"name\":\"bar\",\"price\":1,\"author\":\"x\"}",
            "{\"name\":\"bar\",\"price\":1} {}",
    })
    void aBadPostIs400WithAMessageAndChangesNothing(String body) throws Exception {
        HttpResponse<byte[]> response = post("/books", body);

        assertEquals(400, response.statusCode(), text(response));
        assertTrue(text(response).length() > 10, text(response));
        assertEquals("[{\"name\":\"foo\",\"price\":100}]", text(get(uri("/books"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"price\":\"x\"}", "{}", "{\"name\":\"other\",\"price\":1}"})
    void aBadPutIs400AndChangesNothing(String body) throws Exception {
        HttpResponse<byte[]> response = put("/books/foo", body);

        assertEquals(400, response.statusCode(), text(response));
        assertEquals("{\"name\":\"foo\",\"price\":100}", text(get(uri("/books/foo"))));
    }

    @Test
    void concurrentPostsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<byte[]>>> posts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String json = "{\"name\":\"book" + i + "\",\"price\":" + i + "}";
                posts.add(pool.submit(() -> post("/books", json)));
            }
            for (Future<HttpResponse<byte[]>> p : posts) {
                assertEquals(201, p.get().statusCode());
            }
        } finally {
            pool.shutdown();
        }
        String list = text(get(uri("/books")));
        for (int i = 0; i < 24; i++) {
            assertTrue(list.contains("\"name\":\"book" + i + "\""), list);
        }
    }
}
