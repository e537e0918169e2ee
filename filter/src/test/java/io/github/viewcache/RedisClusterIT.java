package io.github.viewcache;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

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
