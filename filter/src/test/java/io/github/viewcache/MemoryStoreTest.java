package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MemoryStoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryStore store = new MemoryStore(1000, now::get);

    private byte[] get(String page, String variant) {
        return store.get(page, List.of(variant)).get(0);
    }

    @Test
    void leastRecentlyUsedPagesGoFirstWhenTheByteBoundIsReached() {
        store.put("i", "a", Map.of("", new byte[400]), List.of(), 0, 10, null);
        store.put("i", "b", Map.of("", new byte[400]), List.of(), 0, 10, null);
        get("a", ""); // a is now more recent than b
        store.put("i", "c", Map.of("", new byte[400]), List.of(), 0, 10, null);

        assertNotNull(get("a", ""));
        assertNull(get("b", ""));
        assertNotNull(get("c", ""));
    }

    @Test
    void aValueLargerThanTheWholeStoreIsNotKept() {
        store.put("i", "a", Map.of("", new byte[10]), List.of(), 0, 10, null);
        store.put("i", "huge", Map.of("", new byte[1001]), List.of(), 0, 10, null);

        assertNull(get("huge", ""));
        assertNotNull(get("a", ""));
    }

    @Test
    void variantsPerPageAreCapped() {
        for (int i = 0; i < 20; i++) {
            store.put("i", "page", Map.of("q=" + i, new byte[1]), List.of(), 0, 5, null);
        }
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            kept += get("page", "q=" + i) == null ? 0 : 1;
        }
        assertEquals(5, kept);
        assertNotNull(get("page", "q=19"), "the newest variant is always kept");
    }

    @Test
    void pagesExpireAfterTheirTtlAndEvictionRemovesAllVariants() {
        store.put("i", "page", Map.of("a", new byte[] {1}), List.of(), 5000, 10, null);
        store.put("i", "page", Map.of("b", new byte[] {2}), List.of(), 5000, 10, null);
        store.put("i", "other", Map.of("", new byte[] {3}), List.of(), 5000, 10, null);
        now.addAndGet(4999);
        assertArrayEquals(new byte[] {1}, get("page", "a"));

        store.evict("i", List.of("page"));
        assertNull(get("page", "a"));
        assertNull(get("page", "b"));
        assertArrayEquals("1".getBytes(), get("page", Store.GENERATION), "the eviction left its generation");
        assertEquals(false, store.put("i", "page", Map.of("a", new byte[] {9}), List.of(), 0, 10, ""),
                "a render that read no generation predates the eviction");
        assertEquals(true, store.put("i", "page", Map.of("a", new byte[] {9}), List.of(), 0, 10, "1"));

        now.addAndGet(1);
        assertNull(get("other", ""));
    }
}
