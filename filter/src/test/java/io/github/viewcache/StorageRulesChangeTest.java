package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * An entry remembers the settings that let it be stored: after a restart with safer ones, what
 * the old ones let in is a miss, not a hit (the leak stops at the restart, not at the expiry).
 */
class StorageRulesChangeTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    JettyServer server(RuleServlet pages, String... params) throws Exception {
        return new JettyServer().filter("rules", InitParams.of(Map.of("redis-url", redis.url()), params), "/r/*")
                .servlet(pages, "/r/*").start();
    }

    @Test
    void aPageStoredUnderStorePersonalizedIsNotServedAfterARestartWithoutIt() throws Exception {
        RuleServlet pages = new RuleServlet();
        String page = HttpRulesTest.page("read", "principal");
        try (JettyServer leaky = server(pages, "store-personalized", "true")) {
            get(leaky.uri(page), "Cookie", "JSESSIONID=node0alice");
            assertEquals("HIT", header(get(leaky.uri(page)), "X-Cache"), "stored, as that setting asks");
        }
        try (JettyServer safe = server(pages)) {
            var after = get(safe.uri(page));
            assertEquals("MISS", header(after, "X-Cache"));
            assertEquals("render 2", text(after));
        }
    }

    @Test
    void theSameRulesOnAnotherServerStillShareTheEntry() throws Exception {
        RuleServlet pages = new RuleServlet();
        String page = HttpRulesTest.page("x", "1");
        try (JettyServer one = server(pages, "timeout", "60")) {
            get(one.uri(page));
            redis.awaitRendersDone("view//r/page");
        }
        try (JettyServer two = server(pages, "timeout", "120", "gzip", "off")) {
            assertEquals("HIT", header(get(two.uri(page)), "X-Cache"), "timeout and gzip do not decide what is stored");
        }
    }
}
