package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisEndpointTest {

    @Test
    void defaultsPortAndDatabase() {
        RedisEndpoint e = RedisEndpoint.parse("redis://cache.internal");
        assertEquals("cache.internal", e.host);
        assertEquals(6379, e.port);
        assertEquals(0, e.database);
        assertFalse(e.tls);
        assertNull(e.user);
        assertNull(e.password);
    }

    @Test
    void readsUserPasswordDatabaseAndTls() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://app:p%40ss%3Aw+rd@10.0.0.5:6380/3");
        assertTrue(e.tls);
        assertEquals("app", e.user);
        assertEquals("p@ss:w+rd", e.password);
        assertEquals(6380, e.port);
        assertEquals(3, e.database);
        assertEquals("rediss://app:***@10.0.0.5:6380/3", e.toString());
    }

    @Test
    void aPasswordAloneIsAccepted() {
        assertEquals("secret", RedisEndpoint.parse("redis://:secret@h").password);
        assertEquals("secret", RedisEndpoint.parse("redis://secret@h").password);
        assertNull(RedisEndpoint.parse("redis://secret@h").user);
    }

    @Test
    void ipv6Hosts() {
        RedisEndpoint e = RedisEndpoint.parse("redis://[::1]:7000");
        assertEquals("::1", e.host);
        assertEquals("redis://[::1]:7000/0", e.toString());
    }

    @Test
    void readsAClusterOfSeedNodes() {
        RedisEndpoint e = RedisEndpoint.parse("rediss-cluster://app:pw@10.0.0.1:7000,10.0.0.2:7001, [::1]:7002");
        assertEquals(RedisEndpoint.Kind.CLUSTER, e.kind);
        assertTrue(e.tls);
        assertEquals("app", e.user);
        assertEquals("pw", e.password);
        assertEquals("[10.0.0.1:7000, 10.0.0.2:7001, [::1]:7002]", e.nodes.toString());
        assertEquals("rediss-cluster://app:***@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002", e.toString());
    }

    @Test
    void readsSentinelsTheirDefaultPortADatabaseAndTheMaster() {
        RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://:pw@s1,s2:26380/2#my%20master");
        assertEquals(RedisEndpoint.Kind.SENTINEL, e.kind);
        assertEquals("[s1:26379, s2:26380]", e.nodes.toString());
        assertEquals(2, e.database);
        assertEquals("my master", e.master);
        assertEquals("pw", e.password);
        assertEquals("redis-sentinel://:***@s1:26379,s2:26380/2#my master", e.toString());
    }

    @Test
    void aPasswordMayHoldASlashOrAnAt() {
        RedisEndpoint e = RedisEndpoint.parse("redis://u:a/b@c@h:1/4");
        assertEquals("a/b@c", e.password);
        assertEquals("h", e.host);
        assertEquals(4, e.database);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis-sentinel://s1:26379               | needs the master's name after #",
            "redis-cluster://h:7000/1                | database 0 only",
            "redis://h1:1,h2:2                       | several are for redis-cluster",
            "redis-cluster://h:7000,                 | no host",
            "redis://h#x                             | fragments",
            "redis-cluster://h:x                     | port",
            "http://localhost:6379 | scheme",
            "localhost:6379        | scheme",
            "redis://              | not a URL",
            "redis:///0            | host",
            "redis://h/x           | database",
            "redis://h/0?x=1       | query",
            "redis://h:99999       | port",
    })
    void refusesWhatItCannotConnectTo(String url, String complaint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(url));
        assertTrue(e.getMessage().contains(complaint), e.getMessage());
    }
}
