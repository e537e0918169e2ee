package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedis;

/** {@code java -jar viewcache-filter-<version>-all.jar ...}: the self-contained jar is the tool. */
class CommandLineToolIT {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    record Ran(int exit, String out, String err) {
    }

    static Ran java(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("viewcache.jars"),
                "viewcache-filter-" + System.getProperty("viewcache.version") + "-all.jar");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the tool ran for more than a minute");
        return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theJarRunsTheToolAgainstARealRedis() throws Exception {
        try (ViewCache cache = ViewCache.connect(redis.url())) {
            cache.set("greeting", "hello", 60); // listed under the prefix, not a page
        }
        Ran stats = java("--redis-url", redis.url(), "stats");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().startsWith("pages     0\n"), stats.out());
        assertEquals("", stats.err(), "nothing but its own words");

        Ran tagged = java("--redis-url", redis.url(), "evict-tag", "shelf");
        assertEquals(0, tagged.exit(), tagged.err());
        assertEquals("evicted the pages tagged [shelf]\n", tagged.out());

        Ran clear = java("--redis-url", redis.url(), "--key-prefix", "view/", "clear");
        assertEquals(0, clear.exit(), clear.err());
        assertEquals(false, redis.client().exists("view/value:greeting"));

        Ran down = java("--redis-url", "redis://127.0.0.1:1", "evict", "/books");
        assertEquals(1, down.exit());
        assertTrue(down.err().startsWith("viewcache: Redis could not be reached"), down.err());
    }
}
