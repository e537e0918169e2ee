package io.github.viewcache;

import java.util.function.Supplier;

import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis URL's Jedis client, made when first needed and made again on a later call when it
 * could not be. Jedis' cluster and Sentinel clients reach their nodes when they are made (the
 * slot map, the master's address) and fail when none answers: a cluster or Sentinel that is
 * down while the application starts must not stop it from starting, only be called uncached.
 * A single Redis's client connects lazily anyway and is made at once.
 */
final class RedisConnection {

    private final Supplier<UnifiedJedis> factory;
    private final boolean cluster;
    private volatile UnifiedJedis client;
    private boolean closed;

    RedisConnection(Supplier<UnifiedJedis> factory, boolean cluster, boolean makeNow) {
        this.factory = factory;
        this.cluster = cluster;
        if (makeNow) {
            this.client = factory.get();
        }
    }

    /**
     * The client, made now if it was not yet.
     *
     * @throws JedisException when it cannot be made (no node answers): a Redis fault as any
     */
    UnifiedJedis client() {
        UnifiedJedis made = client;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (closed) {
                throw new JedisException("the Redis client was closed");
            }
            if (client == null) {
                client = factory.get();
            }
            return client;
        }
    }

    /** Whether the client is a cluster's: its commands go by slot, its announcements are sharded. */
    boolean isCluster() {
        return cluster;
    }

    /** The cluster client, for its sharded pub/sub. */
    RedisClusterClient clusterClient() {
        return (RedisClusterClient) client();
    }

    synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
