package io.github.viewcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;

/**
 * A master, a replica and three sentinels (quorum 2), private redis-server processes on free
 * loopback ports. A master that does not answer for a second is failed over. Stopped by PID.
 */
public final class RedisSentinels implements AutoCloseable {

    public static final String MASTER = "viewcache-test";

    private final List<RedisProcess> data = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinels() {
    }

    public static RedisSentinels start() throws IOException {
        RedisSentinels s = new RedisSentinels();
        try {
            RedisProcess master = RedisProcess.startWith(port -> List.of("--repl-diskless-sync-delay", "0"));
            s.data.add(master);
            s.data.add(RedisProcess.startWith(port -> List.of("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()))));
            for (int i = 0; i < 3; i++) {
                s.sentinels.add(RedisProcess.startWith(port -> sentinel(port, master.port())));
            }
            s.awaitMaster();
            s.awaitReplicaInSync();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static List<String> sentinel(int port, int masterPort) {
        try {
            Path conf = Files.createTempFile("sentinel-", ".conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 5000",
                    "sentinel parallel-syncs " + MASTER + " 1", ""));
            return List.of(conf.toString(), "--sentinel");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis-sentinel://} naming the three sentinels and the master. */
    public String url() {
        StringBuilder url = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
        }
        return url.append('#').append(MASTER).toString();
    }

    /** The port the sentinels name as the master now; fails after 30 s without one that answers. */
    public int awaitMaster() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (RedisProcess sentinel : sentinels) {
                if (!sentinel.isRunning()) {
                    continue;
                }
                try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port(), 2000)) {
                    List<String> addr = jedis.sentinelGetMasterAddrByName(MASTER);
                    int port = Integer.parseInt(addr.get(1));
                    RedisProcess master = process(port);
                    if (master != null && master.isRunning()) {
                        try (Jedis m = new Jedis("127.0.0.1", port, 2000)) {
                            if (m.info("replication").contains("role:master")) {
                                return port;
                            }
                        }
                    }
                } catch (RuntimeException notYet) {
                    // asked again below
                }
            }
            pause();
        }
        throw new IOException("no master answering after 30 s");
    }

    /** Waits until a running replica has caught up with the master. Fails after 30 s. */
    public void awaitReplicaInSync() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (RedisProcess node : data) {
                if (node.isRunning()) {
                    try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 2000)) {
                        String info = jedis.info("replication");
                        if (info.contains("role:slave") && info.contains("master_link_status:up")) {
                            return;
                        }
                    } catch (RuntimeException notYet) {
                        // asked again below
                    }
                }
            }
            pause();
        }
        throw new IOException("no replica in sync after 30 s");
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(50); // between polls of a deadline loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public RedisProcess process(int port) {
        for (RedisProcess node : data) {
            if (node.port() == port) {
                return node;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (RedisProcess p : sentinels) {
            p.close();
        }
        for (RedisProcess p : data) {
            p.close();
        }
    }
}
