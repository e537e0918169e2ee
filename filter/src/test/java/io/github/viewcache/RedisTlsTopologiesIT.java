package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.RedisCluster;
import io.github.viewcache.testing.RedisSentinels;

/**
 * {@code rediss-cluster://} and {@code rediss-sentinel://}: nodes that speak TLS to ViewCache
 * (and to each other), with a private CA given in {@code redis-ca-file} and certificates made
 * at run time.
 */
class RedisTlsTopologiesIT {

    @Test
    void aTlsClusterCachesAndEvicts() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.startTls(3, 0)) {
            cachesAndEvicts(cluster.tlsUrl(), cluster.caFile());
        }
    }

    @Test
    void tlsSentinelsCacheAndEvict() throws Exception {
        try (RedisSentinels sentinels = RedisSentinels.startTls()) {
            cachesAndEvicts(sentinels.tlsUrl(), sentinels.caFile());
        }
    }

    private static void cachesAndEvicts(String redisUrl, Path caFile) throws Exception {
        VersionsServlet data = new VersionsServlet();
        try (JettyServer server = new JettyServer().filter("pages", Map.of("store", "redis",
                "redis-url", redisUrl, "redis-ca-file", caFile.toString()), "/pages/*")
                .servlet(data, "/pages/*").start()) {
            get(server.uri("/pages/a"));
            get(server.uri("/pages/b"));
            assertEquals("HIT", header(get(server.uri("/pages/a")), "X-Cache"));

            send("POST", server.uri("/pages/a"), "{}");

            assertEquals("v2", text(get(server.uri("/pages/a"))));
            assertEquals("v1", text(get(server.uri("/pages/b"))));
            assertEquals("HIT", header(get(server.uri("/pages/b")), "X-Cache"));
        }
    }
}
