package io.github.viewcache;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedisSentinels;

/**
 * The behaviour, eviction (pages, subtrees, tags) and values suites through Sentinel: a master,
 * a replica and three sentinels, reached as {@code redis-sentinel://...#master}.
 */
class RedisSentinelIT {

    @RegisterExtension
    static final PrivateRedisSentinels redis = new PrivateRedisSentinels();

    static Map<String, String> throughSentinel() {
        return Map.of("store", "redis", "redis-url", redis.url());
    }

    @Nested
    class Behaviour extends FilterBehaviourTest {
        @Override
        Map<String, String> storeParams() {
            return throughSentinel();
        }
    }

    @Nested
    class Evictions extends WriteEvictionTest {
        @Override
        Map<String, String> storeParams() {
            return throughSentinel();
        }
    }

    @Nested
    class Values extends ValuesTest {
        @Override
        Map<String, String> storeParams() {
            return throughSentinel();
        }
    }
}
