package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.JettyServer;

/**
 * A cluster or Sentinel that does not answer while the application starts: Jedis' clients for
 * them reach their nodes when they are made, which must not fail the filter's init(); pages are
 * served uncached, writes succeed.
 */
class TopologyDownAtStartTest {

    @ParameterizedTest
    @ValueSource(strings = {"redis-cluster://127.0.0.1:1,127.0.0.1:2", "redis-sentinel://127.0.0.1:1#cache"})
    void theApplicationStartsAndServesUncached(String redisUrl) throws Exception {
        VersionsServlet data = new VersionsServlet();
        try (JettyServer server = new JettyServer().filter("pages", Map.of("store", "redis", "redis-url", redisUrl,
                "redis-timeout-ms", "200"), "/pages/*").servlet(data, "/pages/*").start()) {
            HttpResponse<byte[]> page = get(server.uri("/pages/a"));
            HttpResponse<byte[]> again = get(server.uri("/pages/a"));

            assertEquals(200, page.statusCode());
            assertEquals("v1", text(page));
            assertEquals("BYPASS", header(again, "X-Cache"));
            assertEquals(200, io.github.viewcache.testing.Http.send("POST", server.uri("/pages/a"), "{}").statusCode());
            assertEquals("v2", text(get(server.uri("/pages/a"))));
        }
    }
}
