package io.github.viewcache.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of private redis-server processes on free loopback ports, made with
 * {@code redis-cli --cluster create}: {@code masters} masters, each with {@code replicas}
 * replicas. A node that does not answer for a second is failed over. Stopped by PID.
 */
public final class RedisCluster implements AutoCloseable {

    /** How long a master may not answer before its replica takes over. */
    public static final int NODE_TIMEOUT_MS = 1000;

    private final List<RedisProcess> nodes = new ArrayList<>();
    /** Each node's TLS port, in the order of {@link #nodes}, when the cluster speaks TLS. */
    private final List<Integer> tlsPorts = new ArrayList<>();
    private Path certificates;

    private RedisCluster() {
    }

    /**
     * A cluster whose nodes speak TLS to clients and to each other ({@code tls-cluster}), with
     * a CA and a certificate for 127.0.0.1 made at start ({@link #caFile()}); each keeps a
     * plain port too, for the test's own administration.
     */
    public static RedisCluster startTls(int masters, int replicas) throws IOException, InterruptedException {
        Path certs = TlsRedis.certificates();
        return start(masters, replicas, certs);
    }

    public static RedisCluster start(int masters, int replicas) throws IOException {
        return start(masters, replicas, null);
    }

    /** With TLS: {@code rediss-cluster://} naming two nodes' TLS ports. */
    public String tlsUrl() {
        return "rediss-cluster://127.0.0.1:" + tlsPorts.get(0) + ",127.0.0.1:" + tlsPorts.get(1);
    }

    public Path caFile() {
        return certificates.resolve("ca.pem");
    }

    /** Whether this machine can make one: {@code redis-cli} is on PATH. */
    public static boolean available() {
        return RedisProcess.onPath("redis-cli") != null && RedisProcess.onPath("redis-server") != null;
    }

    private static RedisCluster start(int masters, int replicas, Path certs) throws IOException {
        RedisCluster cluster = new RedisCluster();
        cluster.certificates = certs;
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                int tlsPort = certs == null ? 0 : freePort();
                cluster.nodes.add(RedisProcess.startWith(port -> {
                    List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
                            "--cluster-config-file", "nodes-" + port + ".conf",
                            "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                            // Replicas sync at once, and may take over however long ago they synced.
                            "--repl-diskless-sync-delay", "0", "--cluster-replica-validity-factor", "0"));
                    if (certs != null) {
                        args.addAll(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cluster", "yes",
                                "--tls-replication", "yes", "--tls-auth-clients", "no",
                                "--tls-cert-file", certs.resolve("redis.pem").toString(),
                                "--tls-key-file", certs.resolve("redis.key").toString(),
                                "--tls-ca-cert-file", certs.resolve("ca.pem").toString()));
                    }
                    return args;
                }));
                cluster.tlsPorts.add(tlsPort);
            }
            List<String> create = new ArrayList<>(List.of(RedisProcess.onPath("redis-cli").toString(), "--cluster",
                    "create"));
            for (RedisProcess node : cluster.nodes) {
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            run(create);
            cluster.awaitHealthy();
            cluster.awaitReplicasInSync();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " ran for more than a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    /**
     * Waits until every running node says the cluster is ok and sees a master for each slot
     * that answers, and no running node still calls itself a replica of a dead master. Fails
     * after 30 s.
     */
    public void awaitHealthy() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            boolean ok = true;
            for (RedisProcess node : running()) {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 2000)) {
                    String info = jedis.clusterInfo();
                    last = info;
                    ok &= info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
                } catch (RuntimeException e) {
                    ok = false;
                    last = e.toString();
                }
            }
            if (ok) {
                return;
            }
            pause(50);
        }
        throw new IOException("the cluster is not healthy after 30 s: " + last);
    }

    /** Waits until every replica has its master's data. Fails after 30 s. */
    public void awaitReplicasInSync() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (RedisProcess node : running()) {
            while (true) {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 2000)) {
                    String info = jedis.info("replication");
                    if (info.contains("role:master") || info.contains("master_link_status:up")) {
                        break;
                    }
                } catch (RuntimeException notYet) {
                    // asked again below
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the replica on " + node.port() + " has not synced after 30 s");
                }
                pause(50);
            }
        }
    }

    /**
     * Waits until the running nodes have marked the node on {@code port} failed and the cluster
     * is healthy without it. Fails after 30 s.
     */
    public void awaitFailedOver(int port) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            boolean marked = true;
            for (RedisProcess node : running()) {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 2000)) {
                    marked &= jedis.clusterNodes().lines()
                            .anyMatch(l -> l.contains(":" + port + "@") && l.contains("fail"));
                } catch (RuntimeException notYet) {
                    marked = false;
                }
            }
            if (marked) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the node on " + port + " is not marked failed after 30 s");
            }
            pause(50);
        }
        awaitHealthy();
    }

    private List<RedisProcess> running() {
        return nodes.stream().filter(RedisProcess::isRunning).collect(Collectors.toList());
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis); // between polls of a deadline loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code redis-cluster://} with two of the nodes as seeds (the client finds the rest). */
    public String url() {
        return "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port();
    }

    /** The node process on {@code port}. */
    public RedisProcess node(int port) {
        for (RedisProcess node : nodes) {
            if (node.port() == port) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node on " + port);
    }

    /** The port of the master that now serves {@code key}'s slot, as a running node sees it. */
    public int masterOf(String key) {
        RedisProcess any = running().get(0);
        try (Jedis jedis = new Jedis("127.0.0.1", any.port(), 2000)) {
            long slot = jedis.clusterKeySlot(key);
            for (String line : jedis.clusterNodes().split("\n")) {
                String[] f = line.split(" ");
                if (f[2].contains("master") && !f[2].contains("fail")) {
                    for (int i = 8; i < f.length; i++) {
                        String[] range = f[i].split("-");
                        if (range[0].startsWith("[")) {
                            continue;
                        }
                        long from = Long.parseLong(range[0]);
                        long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                        if (slot >= from && slot <= to) {
                            return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no master serves " + key);
    }

    /** Every node's port, running or not. */
    public List<Integer> nodePorts() {
        return nodes.stream().map(RedisProcess::port).collect(Collectors.toList());
    }

    /** The ids of the masters, by port. */
    public String idOf(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
            return jedis.clusterMyId();
        }
    }

    public List<Integer> masterPorts() {
        List<Integer> ports = new ArrayList<>();
        try (Jedis jedis = new Jedis("127.0.0.1", running().get(0).port(), 2000)) {
            for (String line : jedis.clusterNodes().split("\n")) {
                String[] f = line.split(" ");
                if (f[2].contains("master") && !f[2].contains("fail") && f.length > 8) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'))));
                }
            }
        }
        return ports;
    }

    /** Empties every master (and so its replicas). */
    public void flushAll() {
        for (int port : masterPorts()) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                jedis.flushAll();
            }
        }
    }

    public Path dirOf(int port) {
        return node(port).dir();
    }

    @Override
    public void close() {
        for (RedisProcess node : nodes) {
            node.close();
        }
    }
}
