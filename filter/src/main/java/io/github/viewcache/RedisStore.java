package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ZAddParams;

/**
 * {@code store=redis}: a page is a Redis hash {@code <key-prefix><path>} with a field per
 * variant, so evicting a page is one {@code DEL} whatever its query strings. Every command
 * touches one key (or is pipelined as separate one-key commands), which keeps it Redis
 * Cluster-safe.
 *
 * <p>An index sorted set ({@code <key-prefix>#pages}, scored by expiry) lists the pages so
 * that {@code clear()} deletes exactly this filter's keys without KEYS, SCAN or FLUSHDB.
 */
final class RedisStore implements Store {

    /**
     * Stores one variant, capping the variants per page (a random one gives way) so endless
     * distinct query strings cannot grow a page without bound. The key lives as long as its
     * longest-lived variant. Redis 6.2+ (HRANDFIELD).
     */
    private static final byte[] PUT_SCRIPT = bytes(
            "local existed = redis.call('EXISTS', KEYS[1])\n"
            + "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0"
            + " and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then\n"
            + "  redis.call('HDEL', KEYS[1], redis.call('HRANDFIELD', KEYS[1]))\n"
            + "end\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])\n"
            + "local ttl = tonumber(ARGV[3])\n"
            + "if ttl == 0 then\n"
            + "  redis.call('PERSIST', KEYS[1])\n"
            + "else\n"
            + "  local left = redis.call('PTTL', KEYS[1])\n"
            + "  if existed == 0 or (left >= 0 and left < ttl) then\n"
            + "    redis.call('PEXPIRE', KEYS[1], ttl)\n"
            + "  end\n"
            + "end\n"
            + "return 1\n");

    private static final int CLEAR_BATCH = 500;

    private final RedisClient client;
    private final Clock clock;

    RedisStore(RedisClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public byte[] get(String page, String variant) throws StoreException {
        try {
            return client.hget(bytes(page), bytes(variant));
        } catch (JedisException e) {
            throw new StoreException("Redis HGET " + page + " failed", e);
        }
    }

    @Override
    public void put(String index, String page, String variant, byte[] value, long ttlMillis,
                    int maxVariants) throws StoreException {
        long now = clock.millis();
        double expiry = ttlMillis == 0 ? Double.POSITIVE_INFINITY : now + ttlMillis;
        try (AbstractPipeline p = client.pipelined()) {
            Response<Object> stored = p.eval(PUT_SCRIPT, 1, bytes(page), bytes(variant), value,
                    bytes(Long.toString(ttlMillis)), bytes(Integer.toString(maxVariants)));
            p.zadd(bytes(index), expiry, bytes(page), ZAddParams.zAddParams().gt());
            p.zremrangeByScore(bytes(index), Double.NEGATIVE_INFINITY, now);
            p.sync();
            stored.get(); // a pipeline reports a script error only when asked
        } catch (JedisException e) {
            throw new StoreException("Redis store of " + page + " failed", e);
        }
    }

    @Override
    public void evict(String index, String page) throws StoreException {
        try (AbstractPipeline p = client.pipelined()) {
            p.del(bytes(page));
            p.zrem(bytes(index), bytes(page));
            p.sync();
        } catch (JedisException e) {
            throw new StoreException("Redis eviction of " + page + " failed", e);
        }
    }

    @Override
    public void clear(String index) throws StoreException {
        byte[] indexKey = bytes(index);
        try {
            while (true) {
                List<byte[]> pages = client.zrange(indexKey, 0, CLEAR_BATCH - 1);
                if (pages.isEmpty()) {
                    return;
                }
                try (AbstractPipeline p = client.pipelined()) {
                    for (byte[] page : pages) {
                        p.del(page);
                    }
                    p.zrem(indexKey, pages.toArray(new byte[0][]));
                    p.sync();
                }
            }
        } catch (JedisException e) {
            throw new StoreException("Redis clear of " + index + " failed", e);
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
