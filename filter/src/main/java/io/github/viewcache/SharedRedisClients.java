package io.github.viewcache;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLParameters;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * One connection pool per Redis endpoint for the whole web application, however many filter
 * declarations use it; the pool closes when the last of them is destroyed.
 */
final class SharedRedisClients {

    private static final class Key {
        final RedisEndpoint endpoint;
        final int timeoutMs;
        final int poolSize;
        final String caFile;

        Key(RedisEndpoint endpoint, int timeoutMs, int poolSize, RedisTrust trust) {
            this.endpoint = endpoint;
            this.timeoutMs = timeoutMs;
            this.poolSize = poolSize;
            this.caFile = trust == null ? null : trust.file;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return endpoint.equals(k.endpoint) && timeoutMs == k.timeoutMs && poolSize == k.poolSize
                    && Objects.equals(caFile, k.caFile);
        }

        @Override
        public int hashCode() {
            return Objects.hash(endpoint, timeoutMs, poolSize, caFile);
        }
    }

    private static final class Shared {
        final RedisClient client;
        final RedisNotifications notifications;
        int users;

        Shared(RedisClient client, RedisNotifications notifications) {
            this.client = client;
            this.notifications = notifications;
        }
    }

    private static final Map<Key, Shared> SHARED = new HashMap<>();

    private SharedRedisClients() {
    }

    static synchronized RedisClient acquire(RedisEndpoint endpoint, int timeoutMs, int poolSize) {
        return acquire(endpoint, timeoutMs, poolSize, null);
    }

    /** @param trust the CAs a TLS connection trusts ({@code redis-ca-file}), {@code null} for the JVM's */
    static synchronized RedisClient acquire(RedisEndpoint endpoint, int timeoutMs, int poolSize, RedisTrust trust) {
        Key key = new Key(endpoint, timeoutMs, poolSize, trust);
        Shared shared = SHARED.get(key);
        if (shared == null) {
            RedisClient client = create(endpoint, timeoutMs, poolSize, trust);
            shared = new Shared(client, new RedisNotifications(client, Math.max(timeoutMs, 500)));
            SHARED.put(key, shared);
        }
        shared.users++;
        return shared.client;
    }

    /** The render notifications of a client from {@link #acquire}. */
    static synchronized RedisNotifications notificationsOf(RedisClient client) {
        for (Shared shared : SHARED.values()) {
            if (shared.client == client) {
                return shared.notifications;
            }
        }
        throw new IllegalStateException("not a shared client");
    }

    static synchronized void release(RedisClient client) {
        for (Map.Entry<Key, Shared> e : SHARED.entrySet()) {
            Shared shared = e.getValue();
            if (shared.client == client) {
                if (--shared.users == 0) {
                    SHARED.remove(e.getKey());
                    shared.notifications.close();
                    client.close();
                }
                return;
            }
        }
    }

    private static RedisClient create(RedisEndpoint endpoint, int timeoutMs, int poolSize, RedisTrust trust) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(endpoint.database)
                .ssl(endpoint.tls)
                .clientName("viewcache");
        if (endpoint.tls) {
            // The server's certificate must name the host of redis-url, as a browser checks a site's.
            SSLParameters checkHost = new SSLParameters();
            checkHost.setEndpointIdentificationAlgorithm("HTTPS");
            config.sslParameters(checkHost);
            if (trust != null) {
                config.sslSocketFactory(trust.sockets);
            }
        }
        if (endpoint.user != null) {
            config.user(endpoint.user);
        }
        if (endpoint.password != null) {
            config.password(endpoint.password);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        // Borrowing waits no longer than a command may take, so a drained pool cannot stall a page.
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMs));
        JedisClientConfig clientConfig = config.build();
        return RedisClient.builder()
                .clientConfig(clientConfig)
                .connectionProvider(new PooledRedisConnections(new HostAndPort(endpoint.host, endpoint.port),
                        clientConfig, pool))
                .build();
    }
}
