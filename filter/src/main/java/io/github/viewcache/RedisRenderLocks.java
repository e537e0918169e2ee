package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Render locks in Redis ({@code SET NX PX}, released by compare-and-delete), shared by every
 * server on that Redis; the release is announced on {@link RedisNotifications#CHANNEL}.
 */
final class RedisRenderLocks implements RenderLocks {

    private static final Logger LOG = Logger.getLogger(RedisRenderLocks.class.getName());

    /** Deletes the lock only if this render still holds it, then wakes every waiter. */
    private static final byte[] RELEASE_SCRIPT = (
            "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end\n"
            + "redis.call('PUBLISH', ARGV[2], KEYS[1])\n"
            + "return 1\n").getBytes(StandardCharsets.UTF_8);

    private final RedisClient client;
    private final RedisNotifications notifications;

    RedisRenderLocks(RedisClient client, RedisNotifications notifications) {
        this.client = client;
        this.notifications = notifications;
    }

    @Override
    public String tryLock(String key, long timeoutMillis) throws StoreException {
        String token = UUID.randomUUID().toString();
        try {
            String ok = client.set(bytes(key), bytes(token), SetParams.setParams().nx().px(timeoutMillis));
            return "OK".equals(ok) ? token : null;
        } catch (JedisException e) {
            throw new StoreException("Redis render lock " + key + " failed", e);
        }
    }

    @Override
    public boolean awaitRelease(String key, long timeoutMillis) throws InterruptedException {
        CountDownLatch latch = notifications.register(key);
        try {
            // The render may have ended before we registered: then no announcement will come.
            if (!client.exists(bytes(key))) {
                return true;
            }
            return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (JedisException e) {
            return false;
        } finally {
            notifications.unregister(key, latch);
        }
    }

    @Override
    public void unlock(String key, String token) {
        try {
            client.eval(RELEASE_SCRIPT, Collections.singletonList(bytes(key)),
                    Arrays.asList(bytes(token), bytes(RedisNotifications.RENDER_DONE)));
        } catch (JedisException e) {
            // The lock expires by itself; waiters wake at their timeout.
            LOG.log(Level.FINE, "releasing render lock " + key, e);
        }
    }

    @Override
    public void close() {
        SharedRedisClients.release(client);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
