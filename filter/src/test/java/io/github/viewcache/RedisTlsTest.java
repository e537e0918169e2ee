package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.TlsRedis;

/** {@code rediss://} against a real redis-server that speaks only TLS, its CA a private one. */
class RedisTlsTest {

    static TlsRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = TlsRedis.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    static String cacheStatusOfSecondGet(String... params) throws Exception {
        try (JettyServer server = new JettyServer().filter("tls", InitParams.of(Map.of(), params), "/pages/*")
                .servlet(new VersionsServlet(), "/pages/*").start()) {
            get(server.uri("/pages/a"));
            return header(get(server.uri("/pages/a")), "Cache-Status");
        }
    }

    @Test
    void pagesAreCachedOverTlsWhenRedisCaFileNamesTheCa() throws Exception {
        String status = cacheStatusOfSecondGet("redis-url", "rediss://127.0.0.1:" + redis.port(),
                "redis-ca-file", redis.caFile().toString());
        assertTrue(status.startsWith("ViewCache; hit"), status);
    }

    @Test
    void aServerTheJvmDoesNotTrustIsNotUsedAndNothingFails() throws Exception {
        assertEquals("ViewCache; fwd=bypass; detail=store-unavailable",
                cacheStatusOfSecondGet("redis-url", "rediss://127.0.0.1:" + redis.port(), "redis-timeout-ms", "500"));
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        // The certificate names 127.0.0.1; "localhost" is the same machine, another name.
        assertEquals("ViewCache; fwd=bypass; detail=store-unavailable",
                cacheStatusOfSecondGet("redis-url", "rediss://localhost:" + redis.port(),
                        "redis-ca-file", redis.caFile().toString(), "redis-timeout-ms", "500"));
    }

    @Test
    void aCaFileWithoutTlsOrThatIsNoneIsRefusedAtInit() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> FilterSettings.parse(
                new SettingsSource(Map.of("redis-url", "redis://127.0.0.1:6399", "redis-ca-file",
                        redis.caFile().toString()), n -> null, n -> null)));
        assertTrue(plain.getMessage().contains("[redis-ca-file]") && plain.getMessage().contains("not TLS"),
                plain.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> FilterSettings.parse(
                new SettingsSource(Map.of("redis-url", "rediss://127.0.0.1:6399", "redis-ca-file", "/no/such.pem"),
                        n -> null, n -> null)));
        assertTrue(missing.getMessage().contains("[/no/such.pem] is not a readable file"), missing.getMessage());
    }
}
