package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.viewcache.testing.JettyServer;
import jakarta.servlet.DispatcherType;

/**
 * A miss answers exactly what the application answers without the filter: the same servlet is
 * mapped twice, once behind the filter, and the two answers are compared.
 */
class TransparencyTest {

    BehaviourServlet servlet;
    JettyServer server;

    @BeforeEach
    void start() throws Exception {
        servlet = new BehaviourServlet();
        server = new JettyServer()
                .filter("cache", Map.of("store", "memory"), "/with/*",
                        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.FORWARD,
                                DispatcherType.INCLUDE))
                .servlet(servlet, "/with/*").servlet(servlet, "/without/*")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        servlet.finishStream.countDown();
        server.close();
    }

    private static Map<String, List<String>> comparableHeaders(HttpResponse<byte[]> r) {
        Map<String, List<String>> headers = new TreeMap<>(r.headers().map());
        // The error page names the path, so the lengths differ by "with" and "without".
        headers.keySet().removeAll(List.of("date", "x-cache", "cache-status", "content-length"));
        r.headers().firstValue("content-length").ifPresent(
                length -> assertEquals(Integer.parseInt(length), r.body().length, "Content-Length is the body's"));
        if (headers.containsKey("location")) {
            headers.put("location", List.of(r.headers().firstValue("location").get().replace("/with/", "/x/")
                    .replace("/without/", "/x/")));
        }
        return headers;
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-length", "content-length-long", "flush-midway", "reset", "reset-buffer",
            "send-error", "send-redirect", "headers"})
    void aMissIsTheApplicationsOwnAnswer(String behaviour) throws Exception {
        HttpResponse<byte[]> bare = get(server.uri("/without/" + behaviour));
        HttpResponse<byte[]> filtered = get(server.uri("/with/" + behaviour));

        assertEquals("MISS", header(filtered, "X-Cache"));
        assertEquals(bare.statusCode(), filtered.statusCode());
        assertEquals(comparableHeaders(bare), comparableHeaders(filtered));
        assertEquals(new String(bare.body(), StandardCharsets.ISO_8859_1).replace("/without/", "/with/"),
                new String(filtered.body(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-length", "content-length-long", "flush-midway", "reset", "reset-buffer", "headers"})
    void aHitIsTheSameAnswerAgain(String behaviour) throws Exception {
        HttpResponse<byte[]> miss = get(server.uri("/with/" + behaviour));
        HttpResponse<byte[]> hit = get(server.uri("/with/" + behaviour));

        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals(miss.statusCode(), hit.statusCode());
        assertArrayEquals(miss.body(), hit.body());
        Map<String, List<String>> expected = comparableHeaders(miss);
        Map<String, List<String>> actual = comparableHeaders(hit);
        // A hit adds validators, Age and Content-Length (so no chunking).
        for (String added : List.of("age", "etag", "last-modified", "accept-ranges", "transfer-encoding")) {
            actual.remove(added);
            expected.remove(added);
        }
        assertEquals(expected, actual);
    }

    @Test
    void aMissStreamsToTheClientAsTheApplicationWrites() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(server.uri("/with/stream")).build(),
                        HttpResponse.BodyHandlers.ofInputStream())
                .get(30, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes("first part;".length());
            // The application is still waiting: these bytes came before it finished.
            assertEquals("first part;", new String(first));
            servlet.finishStream.countDown();
            assertEquals("second part", new String(body.readAllBytes()));
        }
        assertEquals("HIT", header(get(server.uri("/with/stream")), "X-Cache"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "include"})
    void aForwardOrIncludeDispatchIsNeverStored(String dispatch) throws Exception {
        HttpResponse<byte[]> outer = get(server.uri("/with/" + dispatch));

        // The filter is mapped for FORWARD and INCLUDE too, and saw /with/headers dispatched that
        // way: it stored nothing under that page.
        assertEquals(200, outer.statusCode());
        assertTrue(new String(outer.body(), StandardCharsets.UTF_8).contains("{\"ok\":true}"));
        assertEquals("MISS", header(get(server.uri("/with/headers")), "X-Cache"));
    }
}
