package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.send;
import static io.github.viewcache.testing.Http.text;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.viewcache.testing.JettyServer;

/**
 * Clients reading and writing {@link VersionsServlet} pages from several threads while a test
 * moves Redis under them (a fail-over, a slot migration), noting what a user would notice: an
 * error page, or a page older than a write that client had completed.
 */
final class ClientsUnderLoad implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger uncached = new AtomicInteger();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    /** Each thread writes one page in every {@code writeEvery} requests and reads it back at once. */
    ClientsUnderLoad(JettyServer server, VersionsServlet data, List<String> pages, int threadCount, int writeEvery) {
        for (int t = 0; t < threadCount; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String page = pages.get((i + offset) % pages.size());
                    try {
                        if (i % writeEvery == 0) {
                            // This write makes a version above every one made before it was sent.
                            int before = data.version.get();
                            HttpResponse<byte[]> written = send("POST", server.uri(page), "{}");
                            note(written, page);
                            HttpResponse<byte[]> read = get(server.uri(page));
                            note(read, page);
                            int shown = Integer.parseInt(text(read).substring(1));
                            if (written.statusCode() == 200 && shown <= before) {
                                problems.add(page + " showed v" + shown + " after a write that made v" + (before + 1)
                                        + " or later (" + header(read, "Cache-Status") + ")");
                            }
                        } else {
                            note(get(server.uri(page)), page);
                        }
                    } catch (Exception e) {
                        problems.add(page + ": " + e);
                    }
                }
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
    }

    private void note(HttpResponse<byte[]> response, String page) {
        requests.incrementAndGet();
        if (response.statusCode() >= 500) {
            String body = text(response);
            problems.add(page + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 600)));
        }
        String xCache = header(response, "X-Cache");
        if ("HIT".equals(xCache)) {
            hits.incrementAndGet();
        } else if ("BYPASS".equals(xCache)) {
            uncached.incrementAndGet();
        }
    }

    /** Waits until {@code more} requests have been answered from now. Fails after 60 s. */
    void awaitRequests(int more) throws InterruptedException {
        int target = requests.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (requests.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + requests.get() + " of " + target + " requests in 60 s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until {@code more} hits have been answered from now, and says how long that took.
     * Fails after 30 s.
     */
    long awaitHits(int more) throws InterruptedException {
        long start = System.nanoTime();
        int target = hits.get() + more;
        while (hits.get() < target) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
                throw new AssertionError("only " + (hits.get() - target + more) + " of " + more + " hits in 30 s");
            }
            Thread.sleep(10);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
