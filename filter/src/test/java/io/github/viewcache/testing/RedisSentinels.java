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
    /** The sentinels' TLS ports, when they speak TLS. */
    private final List<Integer> sentinelTlsPorts = new ArrayList<>();
    /** The master's and the replica's TLS ports, in the order of {@code data}. */
    private final List<Integer> dataTlsPorts = new ArrayList<>();
    private Path certificates;

    private RedisSentinels() {
    }

    public static RedisSentinels start() throws IOException {
        return start(null);
    }

    /**
     * Sentinels, master and replica that speak TLS to clients and to each other, with a CA and a
     * certificate for 127.0.0.1 made at start ({@link #caFile()}); each keeps a plain port for
     * the test's own administration.
     */
    public static RedisSentinels startTls() throws IOException, InterruptedException {
        return start(TlsRedis.certificates());
    }

    private static List<String> tls(Path certs, int tlsPort) {
        return List.of("--tls-port", Integer.toString(tlsPort), "--tls-replication", "yes",
                "--tls-auth-clients", "no", "--tls-cert-file", certs.resolve("redis.pem").toString(),
                "--tls-key-file", certs.resolve("redis.key").toString(),
                "--tls-ca-cert-file", certs.resolve("ca.pem").toString());
    }

    private static RedisSentinels start(Path certs) throws IOException {
        RedisSentinels s = new RedisSentinels();
        s.certificates = certs;
        try {
            int masterTls = certs == null ? 0 : freePort();
            int replicaTls = certs == null ? 0 : freePort();
            RedisProcess master = RedisProcess.startWith(port -> {
                List<String> args = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
                if (certs != null) {
                    args.addAll(tls(certs, masterTls));
                }
                return args;
            });
            s.data.add(master);
            s.dataTlsPorts.add(masterTls);
            // Over TLS, the sentinels watch and name the TLS ports.
            int masterPort = certs == null ? master.port() : masterTls;
            s.data.add(RedisProcess.startWith(port -> {
                List<String> args = new ArrayList<>(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
                if (certs != null) {
                    args.addAll(tls(certs, replicaTls));
                    args.addAll(List.of("--replica-announce-port", Integer.toString(replicaTls)));
                }
                return args;
            }));
            s.dataTlsPorts.add(replicaTls);
            for (int i = 0; i < 3; i++) {
                int sentinelTls = certs == null ? 0 : freePort();
                s.sentinelTlsPorts.add(sentinelTls);
                s.sentinels.add(RedisProcess.startWith(port -> {
                    List<String> args = new ArrayList<>(sentinel(port, masterPort));
                    if (certs != null) {
                        args.addAll(tls(certs, sentinelTls));
                    }
                    return args;
                }));
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

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public Path caFile() {
        return certificates.resolve("ca.pem");
    }

    /** With TLS: {@code rediss-sentinel://} naming the sentinels' TLS ports and the master. */
    public String tlsUrl() {
        StringBuilder url = new StringBuilder("rediss-sentinel://");
        for (int i = 0; i < sentinelTlsPorts.size(); i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelTlsPorts.get(i));
        }
        return url.append('#').append(MASTER).toString();
    }

    /** {@code redis-sentinel://} naming the three sentinels and the master. */
    public String url() {
        StringBuilder url = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
        }
        return url.append('#').append(MASTER).toString();
    }

    /** The (plain) port of the master the sentinels name now; fails after 30 s without one that answers. */
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
                        try (Jedis m = new Jedis("127.0.0.1", master.port(), 2000)) {
                            if (m.info("replication").contains("role:master")) {
                                return master.port();
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

    /** The master's or replica's process, by its plain or its TLS port. */
    public RedisProcess process(int port) {
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).port() == port || dataTlsPorts.get(i) == port) {
                return data.get(i);
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
