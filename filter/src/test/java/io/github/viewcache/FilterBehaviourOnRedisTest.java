package io.github.viewcache;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.github.viewcache.testing.RedisProcess;

class FilterBehaviourOnRedisTest extends FilterBehaviourTest {

    static RedisProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    @Override
    Map<String, String> storeParams() {
        return Map.of("store", "redis", "redis-url", redis.url());
    }
}
