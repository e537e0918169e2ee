package io.github.viewcache.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisCluster} of 3 masters with a replica each for one test class, emptied before
 * each test. Tests are skipped (not failed) where no {@code redis-cli} is on PATH.
 */
public final class PrivateRedisCluster implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private RedisCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(RedisCluster.available(), "no redis-cli on PATH to make a cluster with");
        if (cluster == null) {
            cluster = RedisCluster.start(3, 1);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes end before their outer class: the outer one's end stops the cluster.
        if (cluster != null && context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        cluster.awaitHealthy();
        cluster.flushAll();
    }

    public RedisCluster cluster() {
        return cluster;
    }

    public String url() {
        return cluster.url();
    }
}
