package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * A bounded load on loopback (a fixed number of requests, a handful of threads) while Redis is
 * killed and restarted: no request fails, and no read returns data older than the last write
 * that had completed when the read was sent.
 */
class LoadDuringOutageTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    static final int READERS = 4;
    static final int READS_PER_READER = 300;
    static final int WRITES = 60;

    VersionsServlet data;
    JettyServer server;

    @BeforeEach
    void start() throws Exception {
        data = new VersionsServlet();
        server = new JettyServer()
                .filter("load", Map.of("redis-url", redis.url(), "redis-timeout-ms", "200", "redis-retry-ms", "300",
                        // Every page shows the one version, so a write makes all of them stale.
                        "evict-rules", "PUT /pages/* -> /pages/p0, /pages/p1, /pages/p2, /pages/p3, /pages/p4"),
                        "/pages/*")
                .servlet(data, "/pages/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static int version(String body) {
        return Integer.parseInt(body.substring(body.indexOf('v') + 1));
    }

    @Test
    void noErrorsAndNoStaleReadsWhileRedisDiesAndComesBack() throws Exception {
        AtomicInteger lastCompletedWrite = new AtomicInteger(1);
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < READS_PER_READER; i++) {
                        String page = "/pages/p" + (i % 5);
                        int floor = lastCompletedWrite.get();
                        HttpResponse<byte[]> answer = get(server.uri(page));
                        reads.incrementAndGet();
                        if (answer.statusCode() != 200) {
                            problems.add(page + " answered " + answer.statusCode());
                        } else if (version(text(answer)) < floor) {
                            problems.add(page + " answered " + text(answer) + " after write v" + floor + " completed");
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < WRITES; i++) {
                    String page = "/pages/p" + (i % 5);
                    HttpResponse<byte[]> answer = send("PUT", server.uri(page), "{}");
                    if (answer.statusCode() != 200) {
                        problems.add("PUT " + page + " answered " + answer.statusCode());
                    }
                    lastCompletedWrite.set(version(text(answer)));
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                awaitReads(reads, READERS * READS_PER_READER / 3);
                redis.process().kill();
                awaitReads(reads, 2 * READERS * READS_PER_READER / 3);
                redis.process().restart();
                return null;
            }));
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.peek());
        assertEquals(READERS * READS_PER_READER, reads.get());
    }

    private static void awaitReads(AtomicInteger reads, int atLeast) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (reads.get() < atLeast && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
