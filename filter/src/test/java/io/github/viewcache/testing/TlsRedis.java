package io.github.viewcache.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server that speaks only TLS, on a free loopback port, with a certificate authority
 * and a server certificate (for {@code 127.0.0.1} only) that openssl makes at start. Stopped by
 * PID; every wait bounded.
 */
public final class TlsRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private TlsRedis(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * A new directory with a CA ({@code ca.pem}) and a server certificate for 127.0.0.1 it
     * signed ({@code redis.pem}, {@code redis.key}).
     */
    public static Path certificates() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("redis-tls-");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ViewCache test CA",
                "-keyout", "ca.key", "-out", "ca.pem");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=redis", "-keyout", "redis.key",
                "-out", "redis.csr");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(dir, "x509", "-req", "-in", "redis.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "redis.pem");
        return dir;
    }

    public static TlsRedis start() throws IOException, InterruptedException {
        Path dir = certificates();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", "redis.pem", "--tls-key-file", "redis.key",
                "--tls-ca-cert-file", "ca.pem", "--tls-auth-clients", "no", "--save", "", "--appendonly", "no")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        TlsRedis redis = new TlsRedis(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return redis;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    redis.close();
                    throw new IOException("redis-server did not listen for TLS on " + port + ": "
                            + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20); // between polls of a bounded loop
            }
        }
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + args[0] + " failed: " + out);
        }
    }

    public int port() {
        return port;
    }

    /** The CA's certificate, PEM: what a client trusts to reach this server. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }
}
