package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The near copies of a page's variants: kept apart, counted once each, dropped together on a write. */
class NearCacheVariantsTest {

    /** What one copy of a four-byte body counts against the bound. */
    private static final int COPY_BYTES = 4 + 512;

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Room for exactly three copies. */
    final NearCache near = new NearCache(1000, 3 * COPY_BYTES, () -> { }, nanos::get);

    @AfterEach
    void close() {
        near.close();
    }

    private void put(String page, String variant, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        CachedResponse entry = new CachedResponse(200, List.of(), now, now + 60_000, false, bytes.length, bytes, 0,
                bytes.length);
        near.put(page, variant, new Lookup(entry, "", now), bytes, near.epoch());
    }

    private String body(String page, String variant) {
        NearCache.Copy copy = near.get(page, variant);
        return copy == null ? null : new String(copy.lookup.entry.bodyArray(), StandardCharsets.UTF_8);
    }

    private void at(long millis) {
        nanos.set(1_000_000_000L + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void eachVariantOfAPageHasItsOwnCopyAndAWriteDropsThemAll() {
        put("/p", "", "bare");
        put("/p", "a=1", "aaaa");
        put("/p", "b=2", "bbbb");
        put("/p", "a=1", "AAAA");

        assertEquals("bare", body("/p", ""));
        assertEquals("AAAA", body("/p", "a=1"));
        assertEquals("bbbb", body("/p", "b=2"));
        assertNull(body("/p", "c=3"));

        near.invalidate("/p");
        assertNull(body("/p", ""));
        assertNull(body("/p", "a=1"));
        assertNull(body("/p", "b=2"));
    }

    @Test
    void aReplacedCopyNoLongerCountsAgainstTheBound() {
        for (int i = 0; i < 10; i++) {
            put("/q", "", "q-v" + i); // a page of one variant
        }
        for (int i = 0; i < 10; i++) {
            put("/p", "", "p-v" + i); // and one of two
            put("/p", "a=1", "a-v" + i);
        }

        // Three copies: they fit only if the replaced ones were let go.
        assertEquals("q-v9", body("/q", ""));
        assertEquals("p-v9", body("/p", ""));
        assertEquals("a-v9", body("/p", "a=1"));
    }

    @Test
    void aVariantThatRunsOutGoesAloneAndFreesItsRoom() {
        at(0);
        put("/p", "", "bare");
        at(500);
        put("/p", "a=1", "aaaa");
        put("/q", "", "qqqq");

        at(1100);
        assertNull(body("/p", ""), "kept 1000 ms from 0");
        assertNotNull(body("/p", "a=1"), "kept 1000 ms from 500");
        assertNotNull(body("/q", ""));
        put("/r", "", "rrrr"); // fits in the room the expired copy left

        assertEquals("aaaa", body("/p", "a=1"));
        assertEquals("qqqq", body("/q", ""));
        assertEquals("rrrr", body("/r", ""));
    }
}
