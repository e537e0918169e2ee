package io.github.viewcache;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;

/**
 * Commands on one key each, sent together: as one pipeline (one round trip) to a single Redis
 * or a Sentinel's master, and one by one to a cluster, each to the node of its key's slot.
 * Jedis' cluster pipeline was measured unfit here: it starts threads for every sync, and when
 * a node fails or a slot moves mid-way it leaves replies unset (asking one throws) and breaks
 * connections it then lends out again, so a fail-over under load became error pages. One by
 * one, every command follows {@code MOVED}, {@code ASK} and fail-overs as Jedis' cluster
 * client does for single commands.
 */
abstract class RedisBatch implements AutoCloseable {

    /** A command's reply, to read once the batch is {@link #sync}ed. */
    static final class Reply<T> {
        private final Supplier<T> value;

        Reply(Supplier<T> value) {
            this.value = value;
        }

        T get() {
            return value.get();
        }
    }

    static RedisBatch of(RedisConnection redis) {
        return redis.isCluster() ? new OneByOne(redis.client()) : new Pipelined(redis.client().pipelined());
    }

    abstract Reply<List<byte[]>> hmget(byte[] key, byte[]... fields);

    abstract Reply<Map<byte[], byte[]>> hgetAll(byte[] key);

    abstract Reply<Object> eval(byte[] script, List<byte[]> keys, List<byte[]> args);

    abstract Reply<Object> evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args);

    abstract void zadd(byte[] key, double score, byte[] member, ZAddParams params);

    abstract void zremrangeByScore(byte[] key, double min, double max);

    abstract void zrem(byte[] key, byte[]... members);

    abstract void del(byte[] key);

    /** An announcement to the other servers: SPUBLISH on a cluster, PUBLISH elsewhere. */
    abstract void publish(byte[] channel, byte[] message);

    /** Sends what is queued and waits for the replies. */
    abstract void sync();

    @Override
    public abstract void close();

    private static final class Pipelined extends RedisBatch {
        private final AbstractPipeline p;

        Pipelined(AbstractPipeline p) {
            this.p = p;
        }

        @Override
        Reply<List<byte[]>> hmget(byte[] key, byte[]... fields) {
            return new Reply<>(p.hmget(key, fields)::get);
        }

        @Override
        Reply<Map<byte[], byte[]>> hgetAll(byte[] key) {
            return new Reply<>(p.hgetAll(key)::get);
        }

        @Override
        Reply<Object> eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
            return new Reply<>(p.eval(script, keys, args)::get);
        }

        @Override
        Reply<Object> evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args) {
            return new Reply<>(p.evalsha(sha1, keys, args)::get);
        }

        @Override
        void zadd(byte[] key, double score, byte[] member, ZAddParams params) {
            p.zadd(key, score, member, params);
        }

        @Override
        void zremrangeByScore(byte[] key, double min, double max) {
            p.zremrangeByScore(key, min, max);
        }

        @Override
        void zrem(byte[] key, byte[]... members) {
            p.zrem(key, members);
        }

        @Override
        void del(byte[] key) {
            p.del(key);
        }

        @Override
        void publish(byte[] channel, byte[] message) {
            p.publish(channel, message);
        }

        @Override
        void sync() {
            p.sync();
        }

        @Override
        public void close() {
            p.close();
        }
    }

    private static final class OneByOne extends RedisBatch {
        private final UnifiedJedis client;

        OneByOne(UnifiedJedis client) {
            this.client = client;
        }

        private static <T> Reply<T> done(T value) {
            return new Reply<>(() -> value);
        }

        @Override
        Reply<List<byte[]>> hmget(byte[] key, byte[]... fields) {
            return done(client.hmget(key, fields));
        }

        @Override
        Reply<Map<byte[], byte[]>> hgetAll(byte[] key) {
            return done(client.hgetAll(key));
        }

        @Override
        Reply<Object> eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
            return done(client.eval(script, keys, args));
        }

        @Override
        Reply<Object> evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args) {
            return done(client.evalsha(sha1, keys, args));
        }

        @Override
        void zadd(byte[] key, double score, byte[] member, ZAddParams params) {
            client.zadd(key, score, member, params);
        }

        @Override
        void zremrangeByScore(byte[] key, double min, double max) {
            client.zremrangeByScore(key, min, max);
        }

        @Override
        void zrem(byte[] key, byte[]... members) {
            client.zrem(key, members);
        }

        @Override
        void del(byte[] key) {
            client.del(key);
        }

        @Override
        void publish(byte[] channel, byte[] message) {
            ((RedisClusterClient) client).spublish(channel, message);
        }

        @Override
        void sync() {
        }

        @Override
        public void close() {
        }
    }
}
