package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.RedisCluster;

/**
 * {@code rediss-cluster://}: a cluster whose nodes speak TLS to ViewCache (and to each
 * other), with a private CA given in {@code redis-ca-file} and certificates made at run time.
 */
class RedisClusterTlsIT {

    @Test
    void pagesAreCachedAndEvictedOnATlsCluster() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        VersionsServlet data = new VersionsServlet();
        try (RedisCluster cluster = RedisCluster.startTls(3, 0);
             JettyServer server = new JettyServer().filter("pages", Map.of("store", "redis",
                     "redis-url", cluster.tlsUrl(), "redis-ca-file", cluster.caFile().toString()), "/pages/*")
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
