package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedis;
import redis.clients.jedis.RedisClient;

/** What a render lock is in Redis: a field of the page's hash, with a deadline and a token. */
class RedisRenderLocksTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static final String PAGE = "view//books";
    private static final String LOCK_FIELD = "\u0000lock\u0000sort=name";
    private static final List<String> FIELDS = List.of(Store.GENERATION, "sort=name");

    RenderLocks locks;

    @BeforeEach
    void open() {
        RedisConnection client = SharedRedisClients.acquire(RedisEndpoint.parse(redis.url()), 1000, 4);
        locks = new RedisRenderLocks(client, SharedRedisClients.notificationsOf(client));
    }

    @AfterEach
    void close() {
        locks.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneRenderHoldsTheLockAndBothReadThePage() throws Exception {
        redis.client().hset(b(PAGE), b(Store.GENERATION), b("3"));

        RenderLocks.Attempt first = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        RenderLocks.Attempt second = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());

        assertNotNull(first.token);
        assertNull(second.token, "held by the first");
        assertArrayEquals(b("3"), first.values.get(0));
        assertArrayEquals(b("3"), second.values.get(0));
        assertNull(first.values.get(1));
        String held = redis.client().hget(PAGE, LOCK_FIELD);
        assertTrue(held.matches("\\d+:" + first.token), held);
        assertNotNull(redis.client().zscore("view/#pages", PAGE), "listed for clear()");

        locks.unlock(PAGE, "sort=name", second.token == null ? "not-the-holder" : second.token);
        assertTrue(redis.client().hexists(PAGE, LOCK_FIELD), "only the holder releases it");
        locks.unlock(PAGE, "sort=name", first.token);
        assertFalse(redis.client().hexists(PAGE, LOCK_FIELD));
        assertNotNull(locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of()).token);
    }

    @Test
    void aPageThatHoldsTheVariantIsReadWithoutTakingTheLockThatAskedUnlessStored() throws Exception {
        redis.client().hset(b(PAGE), b("sort=name"), b("an entry"));
        List<String> unlessPresent = List.of("sort=name", CacheKeys.varyMarker("sort=name"));

        RenderLocks.Attempt stored = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, unlessPresent);

        assertTrue(stored.skipped);
        assertNull(stored.token);
        assertArrayEquals(b("an entry"), stored.values.get(1));
        assertFalse(redis.client().hexists(PAGE, LOCK_FIELD), "no lock taken");

        redis.client().hdel(PAGE, "sort=name");
        RenderLocks.Attempt missing = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, unlessPresent);

        assertFalse(missing.skipped);
        assertNotNull(missing.token, "a missing variant is locked in the same call");
        assertNull(missing.values.get(1));
        assertTrue(redis.client().hget(PAGE, LOCK_FIELD).endsWith(":" + missing.token));
    }

    @Test
    void aRedisThatForgotTheScriptsIsSentThemAgain() throws Exception {
        RenderLocks.Attempt before = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        locks.unlock(PAGE, "sort=name", before.token);
        redis.client().scriptFlush(); // what a restart does too

        RenderLocks.Attempt after = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        assertNotNull(after.token);
        redis.client().scriptFlush();
        locks.unlock(PAGE, "sort=name", after.token);
        assertFalse(redis.client().hexists(PAGE, LOCK_FIELD), "released");
    }

    @Test
    void aLockPastItsDeadlineIsFree() throws Exception {
        redis.client().hset(PAGE, LOCK_FIELD, "1000:a-server-that-died");

        assertNotNull(locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of()).token);
    }

    @Test
    void aPageTheLockCreatedExpiresWithTheLock() throws Exception {
        locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());

        long ttl = redis.client().pttl(PAGE);
        assertTrue(ttl > 0 && ttl <= 15_000, "pttl " + ttl);
    }

    /** A request waiting for the lock's release; returns once it has said, in Redis, that it waits. */
    private CompletableFuture<Boolean> startWaiter() throws InterruptedException {
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.awaitRelease(PAGE, "sort=name", 30_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!redis.client().hexists(PAGE, LOCK_FIELD + "\u0000waiting") && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return waiter;
    }

    @Test
    void aWaiterWakesWhenTheRenderEnds() throws Exception {
        RenderLocks.Attempt holder = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        CompletableFuture<Boolean> waiter = startWaiter();
        assertTrue(redis.client().hexists(PAGE, LOCK_FIELD + "\u0000waiting"));

        locks.unlock(PAGE, "sort=name", holder.token);

        assertEquals(true, waiter.get(20, TimeUnit.SECONDS), "woken by the release, well before 30 s");
        assertFalse(redis.client().hexists(PAGE, LOCK_FIELD + "\u0000waiting"));
        assertTrue(locks.awaitRelease(PAGE, "sort=name", 30_000), "nothing to wait for once released");
    }

    @Test
    void aReleaseNobodyWaitsForIsNotAnnounced() throws Exception {
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", redis.process().port())) {
            admin.configResetStat();
            RenderLocks.Attempt holder = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
            locks.unlock(PAGE, "sort=name", holder.token);

            assertFalse(admin.info("commandstats").contains("cmdstat_publish"), admin.info("commandstats"));
        }
    }

    @Test
    void aWaiterWhoseMarkAnEvictionDroppedIsWokenByTheRelease() throws Exception {
        RenderLocks.Attempt holder = locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        CompletableFuture<Boolean> waiter = startWaiter();
        redis.client().del(PAGE); // what an eviction does to the lock and its waiting mark

        locks.unlock(PAGE, "sort=name", holder.token);

        assertEquals(true, waiter.get(20, TimeUnit.SECONDS), "woken by the release, well before 30 s");
    }

    @Test
    void aWaiterWhoseAnnouncementIsLostStillWakes() throws Exception {
        locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        CompletableFuture<Boolean> waiter = startWaiter();

        redis.client().hdel(PAGE, LOCK_FIELD); // the lock goes, and no message says so

        assertEquals(true, waiter.get(20, TimeUnit.SECONDS), "woke on its own look, well before 30 s");
    }

    @Test
    void evictingThePageDropsItsLocks() throws Exception {
        locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of());
        RedisStore store = new RedisStore(SharedRedisClients.acquire(RedisEndpoint.parse(redis.url()), 1000, 4),
                Clock.SYSTEM);
        try {
            store.evict("view/#pages", List.of(PAGE));
        } finally {
            store.close();
        }

        assertFalse(redis.client().hexists(PAGE, LOCK_FIELD));
        assertNotNull(locks.tryLock("view/#pages", PAGE, "sort=name", 15_000, FIELDS, List.of()).token,
                "a render after the eviction need not wait for one from before it");
    }
}
