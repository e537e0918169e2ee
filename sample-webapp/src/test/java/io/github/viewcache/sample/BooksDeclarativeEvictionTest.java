package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.sample.jetty.JettyLauncher;
import io.github.viewcache.testing.PrivateRedis;

/** The sample with its eviction calls switched off: the filter's defaults alone keep it fresh. */
class BooksDeclarativeEvictionTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    Server server;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("HEAVY_MS", "0");
        System.setProperty("books.explicit-eviction", "false");
        System.setProperty("viewcache.redis-url", redis.url());
        server = JettyLauncher.start(0);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        System.clearProperty("HEAVY_MS");
        System.clearProperty("books.explicit-eviction");
        System.clearProperty("viewcache.redis-url");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Test
    void postAndPutShowFreshDataWithoutAnyEvictionCode() throws Exception {
        get(uri("/books"));
        get(uri("/books/foo"));

        send("POST", uri("/books"), "{\"name\":\"bar\",\"price\":200}");
        assertEquals("[{\"name\":\"foo\",\"price\":100},{\"name\":\"bar\",\"price\":200}]", text(get(uri("/books"))));

        send("PUT", uri("/books/foo"), "{\"price\":120}");
        assertEquals("{\"name\":\"foo\",\"price\":120}", text(get(uri("/books/foo"))));
        assertEquals("[{\"name\":\"foo\",\"price\":120},{\"name\":\"bar\",\"price\":200}]", text(get(uri("/books"))));
    }
}
