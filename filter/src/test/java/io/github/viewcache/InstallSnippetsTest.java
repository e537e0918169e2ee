package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.viewcache.install.CacheBootConfiguration;
import io.github.viewcache.install.CacheInitializer;
import io.github.viewcache.install.CacheWebInitializer;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;
import jakarta.servlet.ServletContainerInitializer;

/**
 * The ways docs/install.md gives to install the filter without web.xml, each run in a real
 * (embedded) container, and the page they cover cached; and the snippets in that page are the
 * code run here, word for word.
 */
class InstallSnippetsTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static final Path SNIPPETS = Path.of("src/test/java/io/github/viewcache/install");

    JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> installers() {
        return Stream.of(
                Arguments.of("a ServletContainerInitializer", new CacheInitializer()),
                Arguments.of("Spring's WebApplicationInitializer",
                        (ServletContainerInitializer) (classes, context) -> new CacheWebInitializer().onStartup(context)),
                Arguments.of("Spring Boot's FilterRegistrationBean",
                        (ServletContainerInitializer) (classes, context) ->
                                new CacheBootConfiguration().viewCache().onStartup(context)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installers")
    void theFilterInstalledInCodeCachesThePages(String way, ServletContainerInitializer installer) throws Exception {
        server = new JettyServer().initializer((classes, context) -> {
            installer.onStartup(classes, context);
            // The test's own Redis; an application would set VIEWCACHE_REDIS_URL.
            context.getFilterRegistration("viewcache").setInitParameter("redis-url", redis.url());
        }).servlet(new VersionsServlet(), "/*").start();

        assertEquals("MISS", header(get(server.uri("/books")), "X-Cache"), way);
        assertEquals("HIT", header(get(server.uri("/books")), "X-Cache"), way);
        assertEquals("300", server.servletContext().getFilterRegistration("viewcache").getInitParameter("timeout"));
    }

    @Test
    void everyJavaSnippetOfTheInstallPageIsTheCodeTestedHere() throws Exception {
        String page = Files.readString(Path.of("../docs/install.md"));
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(SNIPPETS)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                sources.add(squeeze(Files.readString(file)));
            }
        }
        List<String> snippets = javaBlocks(page);
        assertEquals(3, snippets.size(), "the install page's Java snippets");
        for (String snippet : snippets) {
            assertTrue(sources.stream().anyMatch(s -> s.contains(squeeze(snippet))),
                    "docs/install.md has a snippet no test runs:\n" + snippet);
        }
    }

    /** The README's web.xml is the one the legacy shop deploys in real Tomcats (LegacyShopIT). */
    @Test
    void theReadmesWebXmlIsTheOneTheLegacyShopRuns() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String shop = squeeze(Files.readString(Path.of("../legacy-app/src/main/webapp/WEB-INF/web.xml")));
        String snippet = blocks(readme, "xml").get(0);
        assertTrue(shop.contains(squeeze(snippet)), "legacy-app's web.xml lacks the README's\n" + snippet);
    }

    static List<String> javaBlocks(String markdown) {
        return blocks(markdown, "java");
    }

    static List<String> blocks(String markdown, String language) {
        String fence = "```" + language + "\n";
        List<String> blocks = new ArrayList<>();
        for (int at = markdown.indexOf(fence); at >= 0; at = markdown.indexOf(fence, at + 1)) {
            int start = at + fence.length();
            blocks.add(markdown.substring(start, markdown.indexOf("```", start)));
        }
        return blocks;
    }

    /** White space folded, so indentation and line breaks do not matter. */
    static String squeeze(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
