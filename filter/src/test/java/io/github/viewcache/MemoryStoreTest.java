package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MemoryStoreTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryStore store = new MemoryStore(1000, now::get);

    @Test
    void leastRecentlyUsedPagesGoFirstWhenTheByteBoundIsReached() {
        store.put("i", "a", "", new byte[400], 0, 10);
        store.put("i", "b", "", new byte[400], 0, 10);
        store.get("a", ""); // a is now more recent than b
        store.put("i", "c", "", new byte[400], 0, 10);

        assertNotNull(store.get("a", ""));
        assertNull(store.get("b", ""));
        assertNotNull(store.get("c", ""));
    }

    @Test
    void aValueLargerThanTheWholeStoreIsNotKept() {
        store.put("i", "a", "", new byte[10], 0, 10);
        store.put("i", "huge", "", new byte[1001], 0, 10);

        assertNull(store.get("huge", ""));
        assertNotNull(store.get("a", ""));
    }

    @Test
    void variantsPerPageAreCapped() {
        for (int i = 0; i < 20; i++) {
            store.put("i", "page", "q=" + i, new byte[1], 0, 5);
        }
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            kept += store.get("page", "q=" + i) == null ? 0 : 1;
        }
        assertEquals(5, kept);
        assertNotNull(store.get("page", "q=19"), "the newest variant is always kept");
    }

    @Test
    void pagesExpireAfterTheirTtlAndEvictionRemovesAllVariants() {
        store.put("i", "page", "a", new byte[] {1}, 5000, 10);
        store.put("i", "page", "b", new byte[] {2}, 5000, 10);
        store.put("i", "other", "", new byte[] {3}, 5000, 10);
        now.addAndGet(4999);
        assertArrayEquals(new byte[] {1}, store.get("page", "a"));

        store.evict("i", java.util.List.of("page"));
        assertNull(store.get("page", "a"));
        assertNull(store.get("page", "b"));

        now.addAndGet(1);
        assertNull(store.get("other", ""));
    }
}
