package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.LeastPrivilegedUser;
import io.github.viewcache.testing.PrivateRedisCluster;

/**
 * The behaviour, eviction (pages, subtrees, tags) and values suites on a Redis Cluster of three
 * masters: every command touches one key, multi-key calls split per slot, and the servers'
 * announcements go over sharded pub/sub.
 */
class RedisClusterIT {

    @RegisterExtension
    static final PrivateRedisCluster redis = new PrivateRedisCluster();

    static Map<String, String> onCluster() {
        return Map.of("store", "redis", "redis-url", redis.url());
    }

    /**
     * Sharded pub/sub end to end: a write on one server drops the near copy the other keeps,
     * through the cluster's announcement (within 10 s, bounded; within milliseconds in practice).
     */
    @Test
    void aWriteOnOneServerDropsTheOtherServersNearCopy() throws Exception {
        VersionsServlet data = new VersionsServlet();
        Map<String, String> params = InitParams.of(onCluster(), "near-cache-ms", "60000");
        try (JettyServer a = new JettyServer().filter("pages", params, "/pages/*").servlet(data, "/pages/*").start();
             JettyServer b = new JettyServer().filter("pages", params, "/pages/*").servlet(data, "/pages/*").start()) {
            get(a.uri("/pages/p"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!header(get(b.uri("/pages/p")), "Cache-Status").contains("detail=near")) {
                assertTrue(System.nanoTime() < deadline, "no near copy on the other server in 10 s");
                Thread.sleep(5);
            }

            assertEquals(200, send("POST", a.uri("/pages/p"), "{}").statusCode());

            while (!text(get(b.uri("/pages/p"))).equals("v2")) {
                assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10),
                        "the other server's near copy outlived the write by 10 s");
                Thread.sleep(5);
            }
        }
    }

    @Nested
    class Behaviour extends FilterBehaviourTest {
        @Override
        Map<String, String> storeParams() {
            return onCluster();
        }
    }

    @Nested
    class Evictions extends WriteEvictionTest {
        @Override
        Map<String, String> storeParams() {
            return onCluster();
        }
    }

    /** The eviction suite as a user restricted to docs/redis.md's rule and its cluster addition. */
    @Nested
    class EvictionsAsLeastPrivilegedUser extends WriteEvictionTest {
        @Override
        Map<String, String> storeParams() {
            try {
                return Map.of("store", "redis", "redis-url", LeastPrivilegedUser.url(redis.cluster()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class Values extends ValuesTest {
        @Override
        Map<String, String> storeParams() {
            return onCluster();
        }
    }
}
