package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.RedisCluster;
import io.github.viewcache.testing.RedisProcess;
import io.github.viewcache.testing.RedisSentinels;
import redis.clients.jedis.Jedis;

/**
 * Redis moving under load: a master killed (Sentinel promotes its replica; the cluster does),
 * and a slot migrated between cluster masters mid-way. Clients see no error page and no page
 * older than a write they completed; once it settles, pages are hits again.
 */
class RedisFailOverIT {

    static final List<String> PAGES = new ArrayList<>();

    static {
        for (int i = 0; i < 24; i++) {
            PAGES.add("/pages/p" + i);
        }
    }

    VersionsServlet data = new VersionsServlet();

    JettyServer server(String redisUrl) throws Exception {
        return new JettyServer().filter("pages", Map.of("store", "redis", "redis-url", redisUrl,
                "redis-timeout-ms", "500", "redis-retry-ms", "500"), "/pages/*").servlet(data, "/pages/*").start();
    }

    /** Requests the page until it is a hit again (the breaker may leave Redis alone a while). Fails after 30 s. */
    static void awaitHit(JettyServer server, String page) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"HIT".equals(header(get(server.uri(page)), "X-Cache"))) {
            assertTrue(System.nanoTime() < deadline, page + " is not cached again 30 s after the fail-over");
            Thread.sleep(20);
        }
    }

    @Test
    void aClusterMasterKilledUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.start(3, 1); JettyServer server = server(cluster.url())) {
            for (String page : PAGES) {
                get(server.uri(page));
            }
            try (ClientsUnderLoad clients = new ClientsUnderLoad(server, data, PAGES, 6, 4)) {
                clients.awaitRequests(300);
                RedisProcess master = cluster.node(cluster.masterOf("view//pages/p0"));
                long killed = System.nanoTime();
                master.kill();
                cluster.awaitFailedOver(master.port());
                long failedOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                long hitsAgainMs = clients.awaitHits(100);
                clients.awaitRequests(300);
                clients.close();
                assertEquals(List.of(), new ArrayList<>(clients.problems));
                System.out.println("cluster fail-over: " + failedOverMs + " ms until healthy, hits again "
                        + hitsAgainMs + " ms later; " + clients.requests + " requests, " + clients.uncached
                        + " uncached, " + clients.hits + " hits");
            }
            awaitHit(server, "/pages/p0");
        }
    }

    @Test
    void aSentinelFailOverUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        try (RedisSentinels sentinels = RedisSentinels.start(); JettyServer server = server(sentinels.url())) {
            for (String page : PAGES) {
                get(server.uri(page));
            }
            try (ClientsUnderLoad clients = new ClientsUnderLoad(server, data, PAGES, 6, 4)) {
                clients.awaitRequests(300);
                int oldMaster = sentinels.awaitMaster();
                long killed = System.nanoTime();
                sentinels.process(oldMaster).kill();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (sentinels.awaitMaster() == oldMaster) {
                    assertTrue(System.nanoTime() < deadline, "no fail-over in 30 s");
                    Thread.sleep(50);
                }
                long failedOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                long hitsAgainMs = clients.awaitHits(100);
                clients.awaitRequests(300);
                clients.close();
                assertEquals(List.of(), new ArrayList<>(clients.problems));
                System.out.println("sentinel fail-over: " + failedOverMs + " ms until promoted, hits again "
                        + hitsAgainMs + " ms later; " + clients.requests + " requests, " + clients.uncached
                        + " uncached, " + clients.hits + " hits");
            }
            awaitHit(server, "/pages/p0");
        }
    }

    @Test
    void aSlotMigratedUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.start(3, 0); JettyServer server = server(cluster.url())) {
            for (String page : PAGES) {
                get(server.uri(page));
            }
            String key = "view//pages/p0";
            int from = cluster.masterOf(key);
            int to = cluster.masterPorts().stream().filter(p -> p != from).findFirst().orElseThrow();
            try (ClientsUnderLoad clients = new ClientsUnderLoad(server, data, PAGES, 6, 4);
                 Jedis source = new Jedis("127.0.0.1", from, 5000);
                 Jedis target = new Jedis("127.0.0.1", to, 5000)) {
                clients.awaitRequests(300);
                int slot = (int) source.clusterKeySlot(key);
                target.clusterSetSlotImporting(slot, cluster.idOf(from));
                source.clusterSetSlotMigrating(slot, cluster.idOf(to));
                // Half-way: the page's key moves, the slot's other keys stay (ASK for it, not for them).
                source.migrate("127.0.0.1", to, 0, 5000, new redis.clients.jedis.params.MigrateParams(), key);
                clients.awaitRequests(300);
                for (String k : source.clusterGetKeysInSlot(slot, 1000)) {
                    source.migrate("127.0.0.1", to, 0, 5000, new redis.clients.jedis.params.MigrateParams(), k);
                }
                for (int port : cluster.masterPorts()) {
                    try (Jedis node = new Jedis("127.0.0.1", port, 5000)) {
                        node.clusterSetSlotNode(slot, cluster.idOf(to));
                    }
                }
                clients.awaitRequests(300); // MOVED now
                long hitsAgainMs = clients.awaitHits(100);
                clients.close();
                assertEquals(List.of(), new ArrayList<>(clients.problems));
                System.out.println("slot migration: hits " + hitsAgainMs + " ms after it ended; " + clients.requests
                        + " requests, " + clients.uncached + " uncached, " + clients.hits + " hits");
                assertEquals(to, cluster.masterOf(key));
            }
            awaitHit(server, "/pages/p0");
        }
    }
}
