package io.github.viewcache.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.Jedis;

/** {@link RedisSentinels} for one test class, the master emptied before each test. */
public final class PrivateRedisSentinels implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private RedisSentinels sentinels;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (sentinels == null) {
            sentinels = RedisSentinels.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes end before their outer class: the outer one's end stops the processes.
        if (sentinels != null && context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            sentinels.close();
            sentinels = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        try (Jedis master = new Jedis("127.0.0.1", sentinels.awaitMaster(), 5000)) {
            master.flushAll();
        }
    }

    public String url() {
        return sentinels.url();
    }
}
