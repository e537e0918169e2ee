package io.github.viewcache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * A private redis-server on a free loopback port, started and stopped by the test, so tests
 * can flush, kill and restart it without touching any other Redis on the machine. Uses the
 * redis-server on PATH, or else the binary shipped in embedded-redis.
 */
public final class RedisProcess implements AutoCloseable {

    private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final Path log;
    /** Where an append-only file keeps the data across {@link #restart()}; {@code null} for none. */
    private final Path dataDir;
    private Process process;
    private RedisClient client;
    /** Given the port, what else the command line says (a cluster node's, a sentinel's). */
    private final java.util.function.IntFunction<List<String>> extra;

    private RedisProcess(int port, Path log, Path dataDir) {
        this(port, log, dataDir, p -> List.of());
    }

    private RedisProcess(int port, Path log, Path dataDir, java.util.function.IntFunction<List<String>> extra) {
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
        this.extra = extra;
    }

    /**
     * A server started with more on its command line, made from its port: a cluster node's
     * options, or a sentinel's configuration file and {@code --sentinel}.
     */
    public static RedisProcess startWith(java.util.function.IntFunction<List<String>> extra) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisProcess redis = new RedisProcess(freePort(), Files.createTempFile("redis-", ".log"),
                    Files.createTempDirectory("redis-data-"), extra);
            try {
                redis.launch();
                return redis;
            } catch (IOException e) {
                last = e;
                redis.close();
            }
        }
        throw last;
    }

    /** The directory the server works in: a cluster node's nodes.conf, a sentinel's configuration. */
    public Path dir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public static RedisProcess start() throws IOException {
        return start(false);
    }

    /**
     * A server that writes every command to an append-only file before it answers, so that
     * after {@link #kill()} and {@link #restart()} it holds what it held: a crash of a Redis
     * run with {@code appendfsync always}.
     */
    public static RedisProcess startKeepingData() throws IOException {
        return start(true);
    }

    private static RedisProcess start(boolean keepData) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisProcess redis = new RedisProcess(freePort(), Files.createTempFile("redis-", ".log"),
                    keepData ? Files.createTempDirectory("redis-data-") : null);
            try {
                redis.launch();
                return redis;
            } catch (IOException e) {
                last = e; // most likely another process took the port in between
                redis.close();
            }
        }
        throw last;
    }

    private void launch() throws IOException {
        List<String> more = extra.apply(port);
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        if (!more.isEmpty() && !more.get(0).startsWith("--")) {
            command.add(more.get(0)); // a configuration file comes first
            more = more.subList(1, more.size());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--daemonize", "no"));
        if (!more.isEmpty()) {
            command.addAll(List.of("--appendonly", "no", "--dir", dataDir.toString()));
            command.addAll(more);
        } else if (dataDir == null) {
            command.addAll(List.of("--appendonly", "no"));
        } else {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(log));
            }
            try (RedisClient probe = RedisClient.create("127.0.0.1", port)) {
                if ("PONG".equals(probe.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            pause();
        }
        throw new IOException("redis-server did not answer on port " + port + ": " + Files.readString(log));
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(20); // between polls of a deadline loop, not as synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops the server (as a crash would); {@link #restart()} brings it back on the same port. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void restart() throws IOException {
        kill();
        synchronized (this) {
            if (client != null) {
                client.close(); // its pooled connections died with the server
                client = null;
            }
        }
        launch();
    }

    /**
     * Freezes the process (SIGSTOP): connections are accepted by the kernel but nothing is
     * answered, as with a Redis stuck in a long command or a stalled host.
     */
    public void freeze() throws IOException {
        signal("-STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    public void thaw() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        try {
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * {@code CLIENT PAUSE}: with {@code writesOnly}, commands that may write wait and reads are
     * still answered; otherwise every command waits. Until {@link #unpause()} or the timeout.
     */
    public void pause(long millis, boolean writesOnly) {
        try (Jedis admin = new Jedis("127.0.0.1", port)) {
            admin.clientPause(millis, writesOnly ? ClientPauseMode.WRITE : ClientPauseMode.ALL);
        }
    }

    /** Ends a pause; after a pause of every command it may itself wait until that pause ends. */
    public void unpause() {
        if (isRunning()) {
            try (Jedis admin = new Jedis("127.0.0.1", port, 10_000)) {
                admin.clientUnpause();
            }
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A client for the test's own assertions on what Redis holds. */
    public synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.create("127.0.0.1", port);
        }
        return client;
    }

    public void flushAll() {
        client().flushAll();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        kill();
        try {
            Files.deleteIfExists(log);
            if (dataDir != null) {
                try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException ignored) {
            // temp files
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path binary() throws IOException {
        Path onPath = onPath("redis-server");
        return onPath != null ? onPath : embeddedBinary();
    }

    /** The program on PATH, or {@code null}: {@code redis-cli} makes clusters. */
    public static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static synchronized Path embeddedBinary() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "viewcache-test-redis-server-6.2.6");
        if (!Files.isExecutable(target)) {
            try (InputStream in = RedisProcess.class.getResourceAsStream(EMBEDDED_BINARY)) {
                if (in == null) {
                    throw new IOException("no redis-server on PATH and none in embedded-redis");
                }
                Path tmp = Files.createTempFile(target.getParent(), "redis-server", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().setExecutable(true);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return target;
    }
}
