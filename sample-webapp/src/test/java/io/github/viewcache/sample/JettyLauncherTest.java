package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.viewcache.sample.jetty.JettyLauncher;

class JettyLauncherTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Server server;

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger(JettyLauncher.class.getName()).removeHandler(capture);
        if (server != null) {
            server.stop();
        }
        System.clearProperty("HEAVY_MS");
        System.clearProperty("viewcache.store");
        System.clearProperty("viewcache.redis-url");
    }

    @Test
    void withoutRedisTheSampleRunsOnTheMemoryStoreAndSaysSo() throws Exception {
        Logger.getLogger(JettyLauncher.class.getName()).addHandler(capture);
        System.setProperty("HEAVY_MS", "0");
        System.setProperty("viewcache.redis-url", "redis://127.0.0.1:1");

        server = JettyLauncher.start(0);
        URI books = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/books");

        assertTrue(log.stream().anyMatch(m -> m.contains("not reachable") && m.contains("store=memory")), log.toString());
        assertEquals("MISS", header(get(books), "X-Cache"));
        assertEquals("HIT", header(get(books), "X-Cache"));
    }
}
