package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/** The Java API snippets of the README and docs/api.md are the code ApiSnippetsServlet runs. */
class DocumentedApiSnippetsTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    JettyServer server;

    @BeforeEach
    void start() throws Exception {
        server = new JettyServer().filter("api", InitParams.of(Map.of("redis-url", redis.url())), "/books/*")
                .servlet(new VersionsServlet(), "/books/*").servlet(new ApiSnippetsServlet(), "/snippets/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/api.md"})
    void everyJavaSnippetIsCodeThatCompiles(String page) throws Exception {
        String source = InstallSnippetsTest.squeeze(Files.readString(
                Path.of("src/test/java/io/github/viewcache/ApiSnippetsServlet.java")));
        List<String> snippets = InstallSnippetsTest.javaBlocks(Files.readString(Path.of("..", page)));
        assertTrue(!snippets.isEmpty(), page);
        for (String snippet : snippets) {
            String code = InstallSnippetsTest.squeeze(snippet.replaceAll("(?m)^import .*$", ""));
            assertTrue(source.contains(code), page + " has a snippet no test compiles:\n" + snippet);
        }
    }

    @Test
    void theValuesAndMemoizeSnippetsDoWhatTheySay() throws Exception {
        assertEquals("hello null null [1, 2, null] foo", text(get(server.uri("/snippets/values"))));
        assertEquals("5", text(get(server.uri("/snippets/memoize"))));
    }

    @Test
    void theEvictionSnippetEvicts() throws Exception {
        get(server.uri("/books"));
        assertEquals("HIT", header(get(server.uri("/books")), "X-Cache"));
        assertEquals("done", text(get(server.uri("/snippets/evict"))));
        assertEquals("MISS", header(get(server.uri("/books")), "X-Cache"));
    }
}
