package io.github.viewcache;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.SSLParameters;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

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
        final RedisConnection client;
        final RedisNotifications notifications;
        int users;

        Shared(RedisConnection client, RedisNotifications notifications) {
            this.client = client;
            this.notifications = notifications;
        }
    }

    private static final Map<Key, Shared> SHARED = new HashMap<>();

    /** How many nodes a cluster command tries (the one the slot map names, then after redirections). */
    static final int CLUSTER_MAX_ATTEMPTS = 3;
    static final long CLUSTER_REFRESH_MILLIS = 1000;

    private SharedRedisClients() {
    }

    static synchronized RedisConnection acquire(RedisEndpoint endpoint, int timeoutMs, int poolSize) {
        return acquire(endpoint, timeoutMs, poolSize, null);
    }

    /** @param trust the CAs a TLS connection trusts ({@code redis-ca-file}), {@code null} for the JVM's */
    static synchronized RedisConnection acquire(RedisEndpoint endpoint, int timeoutMs, int poolSize, RedisTrust trust) {
        Key key = new Key(endpoint, timeoutMs, poolSize, trust);
        Shared shared = SHARED.get(key);
        if (shared == null) {
            // A single Redis's client connects lazily: made now. A cluster's or Sentinel's reaches
            // its nodes when made: made when first used, so that one down at start-up is survived.
            RedisConnection client = new RedisConnection(() -> create(endpoint, timeoutMs, poolSize, trust),
                    endpoint.kind == RedisEndpoint.Kind.CLUSTER, endpoint.kind == RedisEndpoint.Kind.SINGLE);
            shared = new Shared(client, new RedisNotifications(client, Math.max(timeoutMs, 500)));
            SHARED.put(key, shared);
        }
        shared.users++;
        return shared.client;
    }

    /** The render notifications of a client from {@link #acquire}. */
    static synchronized RedisNotifications notificationsOf(RedisConnection client) {
        for (Shared shared : SHARED.values()) {
            if (shared.client == client) {
                return shared.notifications;
            }
        }
        throw new IllegalStateException("not a shared client");
    }

    static synchronized void release(RedisConnection client) {
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

    private static UnifiedJedis create(RedisEndpoint endpoint, int timeoutMs, int poolSize, RedisTrust trust) {
        JedisClientConfig clientConfig = clientConfig(endpoint, timeoutMs, trust, true);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        // Borrowing waits no longer than a command may take, so a drained pool cannot stall a page.
        pool.setMaxWait(Duration.ofMillis(timeoutMs));
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (RedisEndpoint.Node node : endpoint.nodes) {
            nodes.add(new HostAndPort(node.host, node.port));
        }
        switch (endpoint.kind) {
            case CLUSTER:
                return RedisClusterClient.builder()
                        .nodes(nodes)
                        .clientConfig(clientConfig)
                        .poolConfig(pool)
                        // A command follows MOVED/ASK and a fail-over for no longer than one
                        // command may take: a page is served uncached rather than late.
                        .maxAttempts(CLUSTER_MAX_ATTEMPTS)
                        .maxTotalRetriesDuration(Duration.ofMillis(timeoutMs))
                        // The slot map is read again on every redirection and at this period, so
                        // the notifications' subscription finds a promoted master soon.
                        .topologyRefreshPeriod(Duration.ofMillis(CLUSTER_REFRESH_MILLIS))
                        .build();
            case SENTINEL:
                return RedisSentinelClient.builder()
                        .masterName(endpoint.master)
                        .sentinels(nodes)
                        .clientConfig(clientConfig)
                        // Sentinels are asked where the master is; the credentials are the master's.
                        .sentinelClientConfig(clientConfig(endpoint, timeoutMs, trust, false))
                        .poolConfig(pool)
                        .build();
            default:
                return RedisClient.builder()
                        .clientConfig(clientConfig)
                        .connectionProvider(new PooledRedisConnections(nodes.iterator().next(), clientConfig, pool))
                        .build();
        }
    }

    /** @param dataNode the master or a cluster node, which take the credentials and database */
    private static JedisClientConfig clientConfig(RedisEndpoint endpoint, int timeoutMs, RedisTrust trust,
                                                  boolean dataNode) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .ssl(endpoint.tls)
                .clientName("viewcache");
        if (endpoint.tls) {
            // The server's certificate must name the host connected to, as a browser checks a site's.
            SSLParameters checkHost = new SSLParameters();
            checkHost.setEndpointIdentificationAlgorithm("HTTPS");
            config.sslParameters(checkHost);
            if (trust != null) {
                config.sslSocketFactory(trust.sockets);
            }
        }
        if (dataNode) {
            config.database(endpoint.database);
            if (endpoint.user != null) {
                config.user(endpoint.user);
            }
            if (endpoint.password != null) {
                config.password(endpoint.password);
            }
        }
        return config.build();
    }
}
