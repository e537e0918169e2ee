package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.viewcache.testing.PrivateRedis;
import io.github.viewcache.testing.RealServer;

/**
 * The sample WAR in the servers users run, from their real distributions: Tomcat 10.1, Tomcat 11
 * and Jetty 12 with the jakarta WAR; Tomcat 9 with the javax WAR, which ships its own older
 * Jedis and Gson beside ViewCache's self-contained jar.
 */
class RealServersIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static Stream<Arguments> servers() throws Exception {
        return Stream.of(
                Arguments.of(RealServer.tomcat("tomcat-10.1", "tomcat10.home", war("war.jakarta"), "books")),
                Arguments.of(RealServer.tomcat("tomcat-11", "tomcat11.home", war("war.jakarta"), "books")),
                Arguments.of(RealServer.jetty("jetty-12", war("war.jakarta"), "books")),
                Arguments.of(RealServer.tomcat("tomcat-9-javax", "tomcat9.home", war("war.javax"), "books")));
    }

    private static Path war(String property) {
        return Path.of(System.getProperty(property));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theSampleIsCachedAndWritesShowFreshData(RealServer server) throws Exception {
        // Ready when the WAR answers with its own 404 (never cached), not the container's.
        try (RealServer running = server.start(Map.of("VIEWCACHE_REDIS_URL", redis.url(), "HEAVY_MS", "200"),
                "/books/books/__not_a_book__", r -> r.statusCode() == 404 && text(r).equals("Book not found"))) {
            HttpResponse<byte[]> miss = get(running.uri("/books/books"));
            HttpResponse<byte[]> hit = get(running.uri("/books/books"));
            assertEquals("MISS", header(miss, "X-Cache"), running.log());
            assertEquals("HIT", header(hit, "X-Cache"));
            assertArrayEquals(miss.body(), hit.body());
            assertEquals("[{\"name\":\"foo\",\"price\":100}]", text(hit));
            assertTrue(redis.client().exists("view//books"), "stored in Redis as in the seed");

            assertEquals(201, send("POST", running.uri("/books/books"), "{\"name\":\"bar\",\"price\":200}",
                    "Content-Type", "application/json").statusCode());
            assertEquals("[{\"name\":\"foo\",\"price\":100},{\"name\":\"bar\",\"price\":200}]",
                    text(get(running.uri("/books/books"))));

            get(running.uri("/books/books/foo"));
            assertEquals(204, send("PUT", running.uri("/books/books/foo"), "{\"price\":120}",
                    "Content-Type", "application/json").statusCode());
            assertEquals("{\"name\":\"foo\",\"price\":120}", text(get(running.uri("/books/books/foo"))));
            assertEquals("[{\"name\":\"foo\",\"price\":120},{\"name\":\"bar\",\"price\":200}]",
                    text(get(running.uri("/books/books"))));

            String log = running.log();
            assertTrue(log.contains("ViewCache [viewcache] initialized: timeout=300s"), log);
        }
    }
}
