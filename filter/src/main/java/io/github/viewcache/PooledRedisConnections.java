package io.github.viewcache;

import java.util.Collections;
import java.util.Map;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The pooled connections to one Redis, as Jedis' own pooled provider holds them but for one
 * thing: a broken connection is not replaced on the spot. commons-pool 2.13 connects a
 * replacement inside {@code invalidateObject}, on the thread that returned the broken one,
 * so a request that has just waited {@code redis-timeout-ms} for a Redis that does not answer
 * would wait as long again to connect to it. Here a connection is made when one is next
 * borrowed and none is idle, by the borrower, as with any pool.
 */
final class PooledRedisConnections implements ConnectionProvider {

    private final HostAndPort address;
    private final ConnectionPool pool;

    PooledRedisConnections(HostAndPort address, JedisClientConfig config, ConnectionPoolConfig poolConfig) {
        this.address = address;
        this.pool = new ConnectionPool(address, config, poolConfig) {
            @Override
            public void addObject() {
                // Called by commons-pool only to replace an invalidated connection: see the class comment.
            }
        };
    }

    @Override
    public Connection getConnection() {
        return pool.getResource();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return pool.getResource();
    }

    @Override
    public Map<?, ?> getConnectionMap() {
        return Collections.singletonMap(address, pool);
    }

    @Override
    public Map<?, ?> getPrimaryNodesConnectionMap() {
        return getConnectionMap();
    }

    @Override
    public void close() {
        pool.close();
    }
}
