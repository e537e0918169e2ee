package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** An operator evicts a page, or everything, through the filter's MBean: no code, no restart. */
class OperatorJmxTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    final VersionsServlet data = new VersionsServlet();
    JettyServer server;
    final MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
    ObjectName filter;

    @BeforeEach
    void start() throws Exception {
        server = new JettyServer().filter("operated", InitParams.of(Map.of("redis-url", redis.url())), "/pages/*")
                .servlet(data, "/pages/*").start();
        filter = beans.queryNames(new ObjectName("io.github.viewcache:type=ResponseCachingFilter,name=\"operated\",*"),
                null).iterator().next();
        for (String page : new String[] {"/pages/a", "/pages/b"}) {
            get(server.uri(page));
            assertEquals("HIT", header(get(server.uri(page)), "X-Cache"));
        }
        data.version.set(2); // the data changed behind the application's back
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    Object invoke(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = String.class.getName();
        }
        return beans.invoke(filter, operation, args, signature);
    }

    @Test
    void evictRemovesThatPageOnly() throws Exception {
        assertEquals(true, invoke("evict", "/pages/a"));

        assertEquals("v2", text(get(server.uri("/pages/a"))));
        assertEquals("v1", text(get(server.uri("/pages/b"))));
    }

    @Test
    void evictTagAndEvictOfASubtreeRemoveThePagesTheyName() throws Exception {
        data.version.set(1);
        for (String page : new String[] {"/pages/t?tags=shelf", "/pages/a/b"}) {
            get(server.uri(page));
            redis.awaitRendersDone("view/" + page.replaceAll("\\?.*", ""));
        }
        data.version.set(2);

        assertEquals(true, invoke("evictTag", "shelf"));
        assertEquals(true, invoke("evict", "/pages/a/**"));

        assertEquals("v2", text(get(server.uri("/pages/t?tags=shelf"))));
        assertEquals("v2", text(get(server.uri("/pages/a/b"))));
        assertEquals("v2", text(get(server.uri("/pages/a"))));
        assertEquals("v1", text(get(server.uri("/pages/b"))));
    }

    @Test
    void clearRemovesEveryPage() throws Exception {
        assertEquals(true, invoke("clear"));

        assertEquals("v2", text(get(server.uri("/pages/a"))));
        assertEquals("v2", text(get(server.uri("/pages/b"))));
    }

    @Test
    void aPathThatIsNotOneIsRefusedWithWhatIsWrong() {
        Exception e = assertThrows(Exception.class, () -> invoke("evict", "pages/a?x=1"));
        Throwable cause = e instanceof RuntimeMBeanException || e instanceof MBeanException ? e.getCause() : e;
        assertTrue(cause.getMessage().contains("not [pages/a?x=1]"), cause.getMessage());
    }
}
