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

    /** What a test does to Redis under load; says how long it took to settle. */
    interface Disruption {
        String run(ClientsUnderLoad clients) throws Exception;
    }

    /**
     * Warms the pages, puts clients on them, lets {@code disruption} move Redis under them, and
     * checks what they saw: no error page, no page older than a write they had completed, and
     * hits again afterwards.
     */
    void underLoad(String redisUrl, String what, Disruption disruption) throws Exception {
        try (JettyServer server = server(redisUrl)) {
            for (String page : PAGES) {
                get(server.uri(page));
            }
            try (ClientsUnderLoad clients = new ClientsUnderLoad(server, data, PAGES, 6, 4)) {
                clients.awaitRequests(300);
                String settled = disruption.run(clients);
                long hitsAgainMs = clients.awaitHits(100);
                clients.awaitRequests(300);
                clients.close();
                assertEquals(List.of(), new ArrayList<>(clients.problems));
                System.out.println(what + ": " + settled + ", hits again " + hitsAgainMs + " ms later; "
                        + clients.requests + " requests, " + clients.uncached + " uncached, " + clients.hits + " hits");
            }
            awaitHit(server, "/pages/p0");
        }
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void aClusterMasterKilledUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.start(3, 1)) {
            underLoad(cluster.url(), "cluster fail-over", clients -> {
                RedisProcess master = cluster.node(cluster.masterOf("view//pages/p0"));
                long killed = System.nanoTime();
                master.kill();
                cluster.awaitFailedOver(master.port());
                return millisSince(killed) + " ms until healthy";
            });
        }
    }

    @Test
    void aSentinelFailOverUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        try (RedisSentinels sentinels = RedisSentinels.start()) {
            underLoad(sentinels.url(), "sentinel fail-over", clients -> {
                int oldMaster = sentinels.awaitMaster();
                long killed = System.nanoTime();
                sentinels.process(oldMaster).kill();
                while (sentinels.awaitMaster() == oldMaster) {
                    assertTrue(millisSince(killed) < 30_000, "no fail-over in 30 s");
                    Thread.sleep(50);
                }
                return millisSince(killed) + " ms until promoted";
            });
        }
    }

    @Test
    void aSlotMigratedUnderLoadCostsNoErrorAndNoStalePage() throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH");
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            String key = "view//pages/p0";
            int from = cluster.masterOf(key);
            int to = cluster.masterPorts().stream().filter(p -> p != from).findFirst().orElseThrow();
            underLoad(cluster.url(), "slot migration", clients -> {
                try (Jedis source = new Jedis("127.0.0.1", from, 5000);
                     Jedis target = new Jedis("127.0.0.1", to, 5000)) {
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
                }
                assertEquals(to, cluster.masterOf(key));
                return "migrated";
            });
        }
    }
}
