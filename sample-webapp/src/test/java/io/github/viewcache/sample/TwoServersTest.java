package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.sample.jetty.JettyLauncher;
import io.github.viewcache.testing.PrivateRedis;

/** Two app servers running the sample WAR's web.xml on one Redis, with one data set between them. */
class TwoServersTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    Server a;
    Server b;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("HEAVY_MS", "0");
        System.setProperty("viewcache.redis-url", redis.url());
        BookShelf database = new BookShelf();
        a = JettyLauncher.start(0, Map.of(BooksServlet.SHELF_ATTRIBUTE, database));
        b = JettyLauncher.start(0, Map.of(BooksServlet.SHELF_ATTRIBUTE, database));
    }

    @AfterEach
    void stop() throws Exception {
        a.stop();
        b.stop();
        System.clearProperty("HEAVY_MS");
        System.clearProperty("viewcache.redis-url");
    }

    static URI uri(Server server, String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Test
    void aWriteThroughOneServerIsSeenInTheNextReadThroughTheOtherEveryTime() throws Exception {
        for (int price = 1; price <= 30; price++) {
            Server writer = price % 2 == 0 ? a : b;
            Server reader = writer == a ? b : a;
            // Both servers have the page cached before the write.
            get(uri(a, "/books/foo"));
            get(uri(b, "/books"));

            assertEquals(204, send("PUT", uri(writer, "/books/foo"), "{\"price\":" + price + "}").statusCode());

            assertEquals("{\"name\":\"foo\",\"price\":" + price + "}", text(get(uri(reader, "/books/foo"))));
            assertEquals("[{\"name\":\"foo\",\"price\":" + price + "}]", text(get(uri(reader, "/books"))));
        }
    }
}
