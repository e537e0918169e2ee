package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ZAddParams;

/**
 * Render locks in Redis, shared by every server on that Redis. A lock is a field of the page's
 * own hash ({@link #FIELD_PREFIX} and the variant) holding its deadline and its holder's token,
 * so taking it and reading the page are one script on one key (one round trip, Redis
 * Cluster-safe), and evicting the page drops its locks with it: a render after the eviction
 * need not wait for one that began before it and will not be stored anyway. The release is
 * announced on {@link RedisNotifications#RENDER_DONE}.
 */
final class RedisRenderLocks implements RenderLocks {

    private static final Logger LOG = Logger.getLogger(RedisRenderLocks.class.getName());

    /** Starts every lock field; {@link RedisStore} never picks such a field to make room. */
    static final String FIELD_PREFIX = "\u0000lock\u0000";

    /** How soon a waiter whose announcement was lost looks at the lock again. */
    static final long LOST_ANNOUNCEMENT_MILLIS = 250;

    /** After a lock field's name, the field that says a request waits for that lock's release. */
    private static final String WAITING = "\\0waiting";

    /**
     * ARGV: lock field, token, timeout, the number n of fields that say the page is stored, those
     * n fields, then the fields to read, which it returns in any case. Returns 1 with them when it
     * took the lock, 0 when another render holds it, 2 when one of the n fields is there (no lock
     * tried). A lock past its deadline (its holder hangs or died) is free. Redis's clock decides,
     * so servers' clocks need not agree. A page created by the lock expires with it unless a store
     * gives it a lifetime.
     */
    private static final RedisScript LOCK_SCRIPT = new RedisScript(
            // One HMGET reads the lock, the fields that say the page is stored and those to return.
            "local n = tonumber(ARGV[4])\n"
            + "local v = redis.call('HMGET', KEYS[1], ARGV[1], unpack(ARGV, 5))\n"
            + "local values = {}\n"
            + "for i = n + 2, #v do values[#values + 1] = v[i] end\n"
            + "for i = 2, n + 1 do\n"
            + "  if v[i] then return {2, values} end\n"
            + "end\n"
            + "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
            + "if v[1] and tonumber(string.match(v[1], '^%d+')) > now then return {0, values} end\n"
            + "local existed = redis.call('EXISTS', KEYS[1])\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], (now + tonumber(ARGV[3])) .. ':' .. ARGV[2])\n"
            + "if existed == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end\n"
            + "return {1, values}\n");

    /**
     * ARGV: lock field, token, channel, message. Deletes the lock only if this render still holds
     * it. Announces the release when someone said it waits, or when the lock was no longer this
     * render's (an eviction or the page's expiry dropped it, marks and all, so waiters may be
     * there unannounced); not otherwise: most renders have no waiter, and a message every
     * server must receive and read is not free.
     */
    private static final RedisScript RELEASE_SCRIPT = new RedisScript(
            "local held = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "local mine = held and string.sub(held, -string.len(ARGV[2]) - 1) == ':' .. ARGV[2]\n"
            + "if mine then redis.call('HDEL', KEYS[1], ARGV[1]) end\n"
            + "if redis.call('HDEL', KEYS[1], ARGV[1] .. '" + WAITING + "') == 1 or not mine then\n"
            // On a cluster the channel is sharded, in another slot than the page: announced by the caller.
            + "  if ARGV[3] == '' then return 2 end\n"
            + "  redis.call('PUBLISH', ARGV[3], ARGV[4])\n"
            + "end\n"
            + "return 1\n");

    /**
     * ARGV: lock field. Whether the lock is held; if it is, notes that someone waits for its
     * release, in the same step, so that the release cannot slip between the two unannounced.
     */
    private static final RedisScript AWAIT_SCRIPT = new RedisScript(
            "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end\n"
            + "redis.call('HSET', KEYS[1], ARGV[1] .. '" + WAITING + "', '1')\n"
            + "return 1\n");

    private final RedisConnection redis;
    private final RedisNotifications notifications;
    private final boolean sharded;

    RedisRenderLocks(RedisConnection redis, RedisNotifications notifications) {
        this.redis = redis;
        this.notifications = notifications;
        this.sharded = redis.isCluster();
    }

    /** What waiters register for and the release announces. */
    private static String announcement(String page, String variant) {
        return page + FIELD_PREFIX + variant;
    }

    @Override
    public Attempt tryLock(String index, String page, String variant, long timeoutMillis, List<String> fields,
                           List<String> unlessPresent) throws StoreException {
        // Unique enough across servers, and no SecureRandom contention on a hot miss path.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        List<byte[]> args = new ArrayList<>(4 + unlessPresent.size() + fields.size());
        args.add(bytes(FIELD_PREFIX + variant));
        args.add(bytes(token));
        args.add(bytes(Long.toString(timeoutMillis)));
        args.add(bytes(Integer.toString(unlessPresent.size())));
        for (String field : unlessPresent) {
            args.add(bytes(field));
        }
        for (String field : fields) {
            args.add(bytes(field));
        }
        try {
            List<?> result = RedisScript.pipelined(withText -> lock(index, page, timeoutMillis, args, withText));
            List<byte[]> values = new ArrayList<>(fields.size());
            for (Object value : (List<?>) result.get(1)) {
                values.add((byte[]) value);
            }
            long outcome = (Long) result.get(0);
            return outcome == 2L ? Attempt.skipped(values) : new Attempt(outcome == 1L ? token : null, values);
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis render lock of " + page + " failed", e);
        }
    }

    private List<?> lock(String index, String page, long timeoutMillis, List<byte[]> args, boolean withText) {
        try (RedisBatch p = RedisBatch.of(redis)) {
            RedisBatch.Reply<Object> reply = LOCK_SCRIPT.queue(p, Collections.singletonList(bytes(page)), args, withText);
            // Listed while it renders, so that clear() evicts it and so fences the render.
            p.zadd(bytes(index), System.currentTimeMillis() + timeoutMillis, bytes(page),
                    ZAddParams.zAddParams().gt());
            p.sync();
            return (List<?>) reply.get();
        }
    }

    @Override
    public boolean awaitRelease(String page, String variant, long timeoutMillis) throws InterruptedException {
        String key = announcement(page, variant);
        CountDownLatch latch = notifications.register(key);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                // The render may have ended before we registered (then no announcement will
                // come), or its announcement was lost (pub/sub does not keep messages for a
                // subscriber that is reconnecting): look at the lock itself.
                Object held = AWAIT_SCRIPT.run(redis.client(), Collections.singletonList(bytes(page)),
                        Collections.singletonList(bytes(FIELD_PREFIX + variant)));
                if (((Long) held) == 0L) {
                    return true;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                if (latch.await(Math.min(left, LOST_ANNOUNCEMENT_MILLIS), TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (JedisException | IllegalStateException e) {
            return false;
        } finally {
            notifications.unregister(key, latch);
        }
    }

    @Override
    public void unlock(String page, String variant, String token) {
        try {
            byte[] announcement = bytes(announcement(page, variant));
            Object released = RELEASE_SCRIPT.run(redis.client(), Collections.singletonList(bytes(page)),
                    Arrays.asList(bytes(FIELD_PREFIX + variant), bytes(token),
                            sharded ? new byte[0] : RedisNotifications.renderDone(false), announcement));
            if (((Long) released) == 2L) {
                redis.clusterClient().spublish(RedisNotifications.renderDone(true), announcement);
            }
        } catch (JedisException | IllegalStateException e) {
            // The lock lapses at its deadline by itself; waiters wake at their timeout.
            LOG.log(Level.FINE, "releasing render lock of " + page, e);
        }
    }

    @Override
    public void close() {
        SharedRedisClients.release(redis);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
