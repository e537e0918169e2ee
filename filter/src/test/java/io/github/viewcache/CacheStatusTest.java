package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class CacheStatusTest {

    @Test
    void aNearHitsTextIsMadeOncePerTtlAndRightForEachTtl() {
        String sixty = CacheStatus.nearHit(60);
        assertEquals("ViewCache; hit; ttl=60; detail=near", sixty);
        assertSame(sixty, CacheStatus.nearHit(60), "made once, shared by every copy with that ttl");

        // 124 takes the slot 60 had: each still gets its own ttl.
        assertEquals("ViewCache; hit; ttl=124; detail=near", CacheStatus.nearHit(124));
        assertEquals("ViewCache; hit; ttl=60; detail=near", CacheStatus.nearHit(60));
        assertEquals("ViewCache; hit; ttl=0; detail=near", CacheStatus.nearHit(0));
        assertEquals("ViewCache; hit; detail=near", CacheStatus.nearHit(-1), "an entry that never expires");
    }
}
