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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.RedisCluster;

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

    @Test
    void aClusterUrlIsPingedThroughItsNodesAndUsed() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            Logger.getLogger(JettyLauncher.class.getName()).addHandler(capture);
            System.setProperty("HEAVY_MS", "0");
            System.setProperty("viewcache.redis-url", cluster.url());

            server = JettyLauncher.start(0);
            URI books = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                    + "/books");

            assertTrue(log.stream().anyMatch(m -> m.contains("Using Redis at redis-cluster://")), log.toString());
            assertEquals("MISS", header(get(books), "X-Cache"));
            assertEquals("HIT", header(get(books), "X-Cache"));
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis("127.0.0.1",
                    cluster.masterOf("view//books"))) {
                assertTrue(node.exists("view//books"), "the page is in the cluster");
            }
        }
    }

    @Test
    void theNodesOfEachFormOfUrlArePinged() {
        assertEquals(List.of("redis://h:1"), JettyLauncher.nodeUrls("redis://h:1"));
        assertEquals(List.of("rediss://u:p@a:7000", "rediss://u:p@b:7001"),
                JettyLauncher.nodeUrls("rediss-cluster://u:p@a:7000,b:7001"));
        assertEquals(List.of("redis://s1:26379", "redis://s2:26380"),
                JettyLauncher.nodeUrls("redis-sentinel://:pw@s1,s2:26380/2#mymaster"));
    }
}
