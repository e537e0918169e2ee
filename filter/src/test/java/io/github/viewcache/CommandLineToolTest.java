package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** The operator's command line against a real Redis that a running filter fills. */
class CommandLineToolTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    JettyServer server;
    String out;
    String err;

    @BeforeEach
    void start() throws Exception {
        server = new JettyServer().filter("cli", InitParams.of(Map.of("redis-url", redis.url())), "/pages/*")
                .servlet(new VersionsServlet(), "/pages/*").start();
        for (String page : new String[] {"/pages/a", "/pages/b", "/pages/b?x=1"}) {
            get(server.uri(page));
        }
        redis.awaitRendersDone("view//pages/a");
        redis.awaitRendersDone("view//pages/b");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--redis-url", redis.url()));
        all.addAll(List.of(args));
        return runAsIs(all.toArray(new String[0]));
    }

    int runAsIs(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = CommandLineTool.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void statsCountsThePagesAndVariantsStored() {
        assertEquals(0, run("stats"), err);
        assertTrue(out.contains("pages     2\n"), out);
        assertTrue(out.contains("variants  3\n"), out);
        assertTrue(out.matches("(?s).*oldest    \\d{4}-.*s ago\\).*"), out);
    }

    @Test
    void showSaysWhatAPageHolds() {
        assertEquals(0, run("show", "/pages/b"), err);
        assertTrue(out.startsWith("view//pages/b\n"), out);
        assertTrue(out.contains("  entry    \"\": status 200, "), out);
        assertTrue(out.contains("  entry    \"x=1\": status 200, "), out);
        assertTrue(out.contains("stored under these settings"), out);
        assertEquals(0, run("show", "/pages/none"));
        assertEquals("view//pages/none: nothing stored\n", out);
    }

    @Test
    void evictAndClearRemoveWhatTheySay() throws Exception {
        assertEquals(0, run("evict", "/pages/a"), err);
        assertEquals("evicted [/pages/a]\n", out);
        assertEquals("MISS", header(get(server.uri("/pages/a")), "X-Cache"));
        assertEquals("HIT", header(get(server.uri("/pages/b")), "X-Cache"));

        assertEquals(0, run("clear"), err);
        assertEquals("MISS", header(get(server.uri("/pages/b")), "X-Cache"));
    }

    @Test
    void evictTagAndSubtreesRemoveThePagesTheyName() throws Exception {
        for (String page : new String[] {"/pages/t?tags=shelf", "/pages/b/c", "/pages/b/c/d"}) {
            get(server.uri(page));
            redis.awaitRendersDone("view/" + page.replaceAll("\\?.*", ""));
        }
        assertEquals(0, run("show", "/pages/t"), err);
        assertTrue(out.contains(", tags shelf, "), out);

        assertEquals(0, run("evict-tag", "shelf", "other"), err);
        assertEquals("evicted the pages tagged [shelf, other]\n", out);
        assertEquals("MISS", header(get(server.uri("/pages/t?tags=shelf")), "X-Cache"));
        assertEquals("HIT", header(get(server.uri("/pages/a")), "X-Cache"));

        assertEquals(0, run("evict", "/pages/b/**"), err);
        assertEquals("MISS", header(get(server.uri("/pages/b")), "X-Cache"));
        assertEquals("MISS", header(get(server.uri("/pages/b/c")), "X-Cache"));
        assertEquals("MISS", header(get(server.uri("/pages/b/c/d")), "X-Cache"));
        assertEquals("HIT", header(get(server.uri("/pages/a")), "X-Cache"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                      | no command",
            "frobnicate              | unknown command [frobnicate]",
            "show                    | show takes one PATH",
            "evict books             | not [books]",
            "evict tag:x             | evict takes paths; evict-tag takes tags",
            "evict-tag               | evict-tag takes one TAG or more",
            "stats --verbose         | unknown option [--verbose]",
            "--key-prefix            | --key-prefix needs a value",
    })
    void aWrongCommandLineSaysWhatIsWrongAndExitsWith2(String args, String complaint) {
        assertEquals(2, runAsIs(args.isEmpty() ? new String[0] : args.split(" ")));
        assertTrue(err.contains(complaint) && err.contains("--help"), err);
    }

    @Test
    void aBadRedisUrlIsNamedWithoutItsPassword() {
        assertEquals(2, runAsIs("--redis-url", "http://user:secret@x", "stats"));
        assertTrue(err.contains("--redis-url") && !err.contains("secret"), err);
    }

    @Test
    void anUnreachableRedisExitsWith1() {
        assertEquals(1, runAsIs("--redis-url", "redis://127.0.0.1:1", "stats"));
        assertTrue(err.startsWith("viewcache: Redis at redis://127.0.0.1:1"), err);
    }

    @Test
    void helpSaysEveryCommand() {
        assertEquals(0, runAsIs("--help"));
        for (String command : new String[] {"stats", "show PATH", "evict PATH...", "evict-tag TAG...", "clear"}) {
            assertTrue(out.contains("  " + command), out);
        }
    }
}
