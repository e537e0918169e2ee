package io.github.viewcache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the stores of rendered pages off the request thread, once their answer has gone out.
 * Returning at once matters beyond the answer itself: a container reads the next request of a
 * keep-alive connection only when the current one returns, so a store on the request thread
 * would delay that client's next request by its round trips.
 *
 * <p>When every store thread is busy and the queue is full, when the entries waiting would hold
 * more than {@link #MAX_PENDING_BYTES} of heap, or after {@link #close}, the request thread
 * stores itself:
 * a render is never thrown away for want of a thread, and the queue cannot grow without
 * bound.
 */
final class DeferredStores implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeferredStores.class.getName());

    private static final int QUEUE = 1024;
    /** A slow Redis must not make the entries waiting to be stored a heap of their own. */
    static final long MAX_PENDING_BYTES = 32L * 1024 * 1024;
    private static final long DRAIN_MILLIS = 5000;

    private final String name;
    private final ThreadPoolExecutor executor;
    private final AtomicLong pendingBytes = new AtomicLong();

    /** @param name the filter's name, for thread names and the log */
    DeferredStores(String name) {
        this.name = name;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "viewcache-store-" + name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (store, full) -> store.run()); // also after close(): a late render still lands
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code store} soon; it must not touch the request or response, which may be recycled.
     *
     * @param bytes about how much heap the store holds until it has run
     */
    void submit(Runnable store, long bytes) {
        if (pendingBytes.addAndGet(bytes) > MAX_PENDING_BYTES) {
            pendingBytes.addAndGet(-bytes);
            run(store);
            return;
        }
        executor.execute(() -> {
            try {
                run(store);
            } finally {
                pendingBytes.addAndGet(-bytes);
            }
        });
    }

    private void run(Runnable store) {
        try {
            store.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: storing a page failed", e);
        }
    }

    /** Lets the stores under way land (a few seconds at most) before the store is closed. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warning("ViewCache [" + name + "]: " + executor.getQueue().size()
                        + " page stores dropped at shutdown");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
