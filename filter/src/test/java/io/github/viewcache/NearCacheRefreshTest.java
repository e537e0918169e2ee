package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.RedisProcess;
import jakarta.servlet.http.HttpServletRequest;

/** When a near copy is read again in the background, and what that does to its time. */
class NearCacheRefreshTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final NearCache near = new NearCache(1000, 1 << 20, () -> { }, nanos::get);

    @AfterEach
    void close() {
        near.close();
    }

    private static Lookup lookup() {
        return lookup("page");
    }

    private static Lookup lookup(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        CachedResponse entry = new CachedResponse(200, List.of(), now, now + 60_000, false, body.length, body, 0,
                body.length);
        return new Lookup(entry, "", now);
    }

    private void at(long millis) {
        nanos.set(1_000_000_000L + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** What the first read does before it reads. */
    interface FirstRead {
        void run() throws InterruptedException;
    }

    /** A memory store that records how many pages each {@code getMany} reads. */
    private static Store recordingReads(List<Integer> pagesPerCall, FirstRead first) {
        Store memory = new MemoryStore(1 << 20, Clock.SYSTEM);
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getMany")) {
                        pagesPerCall.add(((List<?>) args[0]).size());
                        if (pagesPerCall.size() == 1) {
                            first.run();
                        }
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A copy kept at 0 ms and claimed for its refresh at 800 ms. */
    private void keptThenClaimedAt800() {
        at(0);
        near.put("/p", "", lookup(), null, near.epoch());
        at(800);
        assertTrue(near.claimRefresh(near.get("/p", "")));
    }

    @Test
    void aCopyIsDueInTheLastQuarterOfItsTimeAndClaimedOnce() {
        at(0);
        near.put("/p", "", lookup(), null, near.epoch());

        at(700);
        assertFalse(near.claimRefresh(near.get("/p", "")), "not due yet");
        at(800);
        assertTrue(near.claimRefresh(near.get("/p", "")), "due");
        assertFalse(near.claimRefresh(near.get("/p", "")), "claimed already");
    }

    @Test
    void aRefreshedCopyStartsItsTimeAgain() {
        keptThenClaimedAt800();
        near.put("/p", "", lookup(), null, near.epoch()); // what the refresh does

        at(1500);
        assertNotNull(near.get("/p", ""), "kept past the first copy's time");
        assertFalse(near.claimRefresh(near.get("/p", "")), "the new copy is not due yet");
    }

    @Test
    void aRenewalOfTheBytesTheCopyWasReadFromStartsItsTimeAgain() {
        byte[] stored = EntryCodec.encode(lookup().entry);
        at(0);
        near.put("/p", "", lookup(), stored, near.epoch());
        NearCache.Copy copy = near.get("/p", "");
        at(800);
        assertTrue(near.claimRefresh(copy));

        assertTrue(near.renew("/p", "", "", stored.clone(), near.epoch()));

        at(1500);
        assertSame(copy, near.get("/p", ""), "the same copy, kept past its first time");
        assertFalse(near.claimRefresh(copy), "not due again yet");
        at(1600);
        assertTrue(near.claimRefresh(copy), "due again in the last quarter of its new time");
    }

    @Test
    void aRenewalIsRefusedForOtherBytesAnotherGenerationOrAfterAnInvalidation() {
        byte[] stored = EntryCodec.encode(lookup().entry);
        at(0);
        near.put("/p", "", lookup(), stored, near.epoch());
        at(800);

        assertFalse(near.renew("/p", "", "", EntryCodec.encode(lookup("another render").entry), near.epoch()));
        assertFalse(near.renew("/p", "", "1", stored, near.epoch()), "evicted and stored again meanwhile");
        long epochBeforeTheRead = near.epoch();
        near.invalidate("/q"); // a write elsewhere, while the refresh was reading
        assertFalse(near.renew("/p", "", "", stored, epochBeforeTheRead));

        at(1001);
        assertNull(near.get("/p", ""), "runs out on its first time");
    }

    @Test
    void aHotCopyIsReadAgainInTheBackgroundKeptWhileRedisHoldsItsBytesAndReplacedByAnotherRender() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            FilterSettings settings = FilterSettings.parse(new SettingsSource(
                    Map.of("redis-url", redis.url(), "near-cache-ms", "1000"), n -> null, n -> null));
            Store store = new RedisStore(SharedRedisClients.acquire(settings.redisUrl, 1000, 4), Clock.SYSTEM);
            PageCache cache = new PageCache("renew", settings, store, Clock.SYSTEM, new FilterStats(), near);
            HttpServletRequest request = null; // a page that does not vary reads nothing of it
            at(0);
            assertTrue(cache.store("view//p", "", "", lookup("first").entry, List.of(), null, 60_000));
            assertFalse(cache.lookup("view//p", "", request).near, "read from Redis, kept near");
            assertTrue(cache.lookup("view//p", "", request).near);
            NearCache.Copy first = near.get("view//p", "");

            at(800);
            assertTrue(cache.lookup("view//p", "", request).near, "answered near; the refresh goes on behind");
            awaitRefresh("view//p", first);
            at(1500); // past the first time: only a renewal (at 800) can have kept the copy
            assertSame(first, near.get("view//p", ""), "Redis holds the same bytes: the same copy, renewed");

            // Another server's render, stored with no eviction (so no message): the same
            // generation, other bytes.
            store.put(cache.keys.index(), "view//p", Map.of("", EntryCodec.encode(lookup("second").entry,
                    settings.storageRules)),
                    List.of(), 60_000, 100, "-");
            at(1700); // in the last quarter of the time renewed at 800
            assertTrue(cache.lookup("view//p", "", request).near, "claims the refresh");
            awaitRefresh("view//p", first);
            CachedResponse now = near.get("view//p", "").lookup.entry;
            assertEquals("second", new String(now.bodyArray(), now.bodyOffset(), now.bodyLength(),
                    StandardCharsets.UTF_8), "read anew");
            cache.close();
        }
    }

    /**
     * Waits for the refresh the copy's claim asked for: it is renewed (no longer marked as
     * being refreshed) or replaced.
     */
    private void awaitRefresh(String page, NearCache.Copy claimed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (near.get(page, "") == claimed && claimed.refreshing.get() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(near.get(page, "") != claimed || !claimed.refreshing.get(), "the refresh landed");
    }

    @Test
    void anUnrefreshedCopyRunsOutOnTime() {
        at(0);
        near.put("/p", "", lookup(), null, near.epoch());

        at(1001);
        assertFalse(near.claimRefresh(near.get("/p", "")));
        assertNull(near.get("/p", ""));
    }

    @Test
    void aRefreshThatRacedAnEvictionIsNotKept() {
        keptThenClaimedAt800();
        long epochBeforeTheRead = near.epoch();
        near.invalidate("/p"); // a write, while the refresh was reading

        near.put("/p", "", lookup(), null, epochBeforeTheRead);

        assertNull(near.get("/p", ""));
    }

    @Test
    void copiesDueTogetherAreReadAgainInOneCall() throws Exception {
        FilterSettings settings = FilterSettings.parse(new SettingsSource(
                Map.of("redis-url", "redis://127.0.0.1:1", "near-cache-ms", "1000"), n -> null, n -> null));
        CountDownLatch firstReadStarted = new CountDownLatch(1);
        CountDownLatch letFirstReadGo = new CountDownLatch(1);
        List<Integer> pagesPerCall = new CopyOnWriteArrayList<>();
        // The first getMany waits until the test lets it go on.
        Store store = recordingReads(pagesPerCall, () -> {
            firstReadStarted.countDown();
            letFirstReadGo.await(10, TimeUnit.SECONDS);
        });
        PageCache cache = new PageCache("batch", settings, store, Clock.SYSTEM, new FilterStats(), near);
        HttpServletRequest request = null; // pages that do not vary read nothing of it
        at(0);
        for (String page : List.of("view//a", "view//b", "view//c", "view//d")) {
            assertTrue(cache.store(page, "", "", lookup().entry, List.of(), null, 60_000));
            cache.lookup(page, "", request);
        }

        at(800);
        assertTrue(cache.lookup("view//a", "", request).near);
        assertTrue(firstReadStarted.await(10, TimeUnit.SECONDS));
        for (String page : List.of("view//b", "view//c", "view//d")) {
            assertTrue(cache.lookup(page, "", request).near, "answered near while the read waits");
        }
        letFirstReadGo.countDown();

        at(1500); // past the first copies' time: only the refreshes can have kept them
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (near.get("view//d", "") == null && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        for (String page : List.of("view//a", "view//b", "view//c", "view//d")) {
            assertNotNull(near.get(page, ""), page + " kept anew");
        }
        assertEquals(List.of(1, 3), pagesPerCall, "the three that came due meanwhile: one call");
    }

    @Test
    void copiesThatComeDueOneByOneWaitForEachOtherAndAreReadSixtyFourPerCall() throws Exception {
        FilterSettings settings = FilterSettings.parse(new SettingsSource(
                Map.of("redis-url", "redis://127.0.0.1:1", "near-cache-ms", "16000"), n -> null, n -> null));
        // Kept 16 s, so the first due copy waits 1 s for others.
        NearCache slow = new NearCache(16_000, 1 << 20, () -> { }, nanos::get);
        List<Integer> pagesPerCall = new CopyOnWriteArrayList<>();
        PageCache cache = new PageCache("gather", settings, recordingReads(pagesPerCall, () -> { }), Clock.SYSTEM,
                new FilterStats(), slow);
        HttpServletRequest request = null; // pages that do not vary read nothing of it
        at(0);
        for (int i = 0; i < 100; i++) {
            assertTrue(cache.store("view//" + i, "", "", lookup().entry, List.of(), null, 600_000));
            cache.lookup("view//" + i, "", request);
        }

        at(13_000); // in the last quarter: each lookup below claims its copy's refresh
        for (int i = 0; i < 100; i++) {
            assertTrue(cache.lookup("view//" + i, "", request).near);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pagesPerCall.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(List.of(64, 36), pagesPerCall, "100 due copies, claimed one by one: two calls");
        cache.close();
    }
}
