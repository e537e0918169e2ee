package io.github.viewcache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests inside the filter, so that {@code destroy()} lets them finish (and hand
 * their renders to the store) before it closes the store under them. The Servlet spec asks
 * containers to wait for them; not every embedded setup does.
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
