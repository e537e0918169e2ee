package io.github.viewcache;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.LeastPrivilegedUser;
import io.github.viewcache.testing.PrivateRedis;

/**
 * The behaviour, eviction and values suites as a Redis user restricted to exactly the ACL rule
 * docs/redis.md gives: a command or key the rule does not allow would fail them (pages served
 * uncached, evictions not landing, values missing).
 */
class LeastPrivilegeTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static Map<String, String> asLeastPrivilegedUser() {
        try {
            return Map.of("store", "redis", "redis-url", LeastPrivilegedUser.url(redis));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReadmeGivesTheRuleTheSuitesRunUnder() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        for (String rule : LeastPrivilegedUser.documentedRules()) {
            org.junit.jupiter.api.Assertions.assertTrue(readme.contains(rule + "\n"), "README.md lacks " + rule);
        }
    }

    @Nested
    class Behaviour extends FilterBehaviourTest {
        @Override
        Map<String, String> storeParams() {
            return asLeastPrivilegedUser();
        }
    }

    @Nested
    class Evictions extends WriteEvictionTest {
        @Override
        Map<String, String> storeParams() {
            return asLeastPrivilegedUser();
        }
    }

    @Nested
    class Values extends ValuesTest {
        @Override
        Map<String, String> storeParams() {
            return asLeastPrivilegedUser();
        }
    }
}
