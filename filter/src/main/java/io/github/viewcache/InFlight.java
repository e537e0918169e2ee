package io.github.viewcache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests inside the filter that have work for the store once the application has
 * returned (a render's store, a write's evictions), so that {@code destroy()} lets them finish
 * before it closes the store under them. Hits are not counted: they keep the hit path free of
 * a shared counter. The Servlet spec asks containers to wait for requests; not every embedded
 * setup does.
 */
final class InFlight {

    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closing;

    void enter() {
        active.incrementAndGet();
    }

    void exit() {
        if (active.decrementAndGet() == 0 && closing) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until no request is inside, or {@code millis} pass; true when none is. */
    boolean awaitIdle(long millis) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (active.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
        }
        return true;
    }
}
