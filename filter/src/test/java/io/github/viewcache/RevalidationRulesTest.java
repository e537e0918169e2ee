package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which stored fields a 304 replaces (RFC 9111 4.3.4, as the public cache tests check them). */
class RevalidationRulesTest {

    static CachedResponse.Header h(String name, String value) {
        return new CachedResponse.Header(name, value);
    }

    @Test
    void a304ReplacesFieldsOfTheSameNameButNotTheBodysOwnOrTheETag() {
        byte[] body = "page".getBytes(StandardCharsets.UTF_8);
        CachedResponse stored = new CachedResponse(200, List.of(h("ETag", "\"a\""), h("Content-Type", "text/plain"),
                h("X-A", "1"), h("X-A", "1b"), h("Content-MD5", "m"), h("Date", "Wed, 01 Jan 2020 00:00:00 GMT"),
                h("X-Kept", "k")), 1000, 2000, false, body.length, body, 0, body.length);

        CachedResponse renewed = Revalidation.renewed(stored, List.of(h("ETag", "\"b\""),
                h("Content-Type", "text/html"), h("X-A", "2"), h("Content-MD5", "n")), 1_800_000_000_000L)
                .expiringAt(1_800_000_060_000L);

        assertEquals("\"a\"", renewed.header("ETag"));
        assertEquals("text/html", renewed.header("Content-Type"));
        assertEquals(List.of("2"), renewed.headerValues("X-A"));
        assertEquals("m", renewed.header("Content-MD5"));
        assertEquals("k", renewed.header("X-Kept"));
        assertEquals(HttpDates.format(1_800_000_000_000L), renewed.header("Date"));
        assertEquals(1_800_000_060_000L, renewed.expiresAtMillis);
        assertEquals("page", new String(renewed.bodyArray(), renewed.bodyOffset(), renewed.bodyLength(),
                StandardCharsets.UTF_8));
    }
}
