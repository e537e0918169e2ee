package io.github.viewcache;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedis;

class WriteEvictionOnRedisTest extends WriteEvictionTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "redis", "redis-url", redis.url());
    }
}
