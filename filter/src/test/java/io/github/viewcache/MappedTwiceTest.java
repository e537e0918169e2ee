package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * A filter whose mappings overlap (here {@code /pages/*} and {@code /*}) sits twice in one
 * request's chain; it handles the request once, the second time it just passes it on.
 */
class MappedTwiceTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    final VersionsServlet data = new VersionsServlet();
    JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> values(HttpResponse<byte[]> r, String name) {
        return r.headers().allValues(name);
    }

    private static long jmx(String attribute) throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = beans.queryNames(
                new ObjectName("io.github.viewcache:type=ResponseCachingFilter,name=\"twice\",*"), null)
                .iterator().next();
        return (Long) beans.getAttribute(name, attribute);
    }

    @Test
    void aRequestIsHandledOnceHoweverOftenTheFilterIsMappedOverIt() throws Exception {
        // A short lock wait: handled twice, the inner pass would wait for the outer's lock.
        Map<String, String> params = InitParams.of(Map.of("redis-url", redis.url(), "lock-timeout-ms", "2000"));
        server = new JettyServer().filterAt("twice", params, List.of("/pages/*", "/*"))
                .servlet(data, "/pages/*").start();

        HttpResponse<byte[]> miss = get(server.uri("/pages/x"));
        assertEquals(List.of("MISS"), values(miss, "X-Cache"));
        assertEquals(List.of("ViewCache; fwd=uri-miss; stored"), values(miss, "Cache-Status"));
        assertEquals(1, jmx("Misses"), "one miss counted: handled twice, it counts two");
        assertEquals(0, jmx("LockWaits"), "handled twice, the inner pass waits for the outer's lock");
        HttpResponse<byte[]> hit = get(server.uri("/pages/x"));
        assertEquals(List.of("HIT"), values(hit, "X-Cache"));
        assertEquals("v1", text(hit));

        HttpResponse<byte[]> write = send("PUT", server.uri("/pages/x"), "{}");
        assertEquals(200, write.statusCode());
        assertEquals(2, data.version.get(), "the write reached the application once");
        HttpResponse<byte[]> after = get(server.uri("/pages/x"));
        assertEquals(List.of("MISS"), values(after, "X-Cache"));
        assertEquals("v2", text(after));
        assertEquals(2, jmx("Misses"));
        assertEquals(1, jmx("Hits"));
    }
}
