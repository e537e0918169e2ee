package io.github.viewcache.testing;

import java.util.concurrent.TimeUnit;

/**
 * Runs an action on another thread once a given thread is blocked in a timed wait (or after
 * 10 s), so that a test can prove that a call waits for that action rather than racing it.
 */
public final class WhenWaiting {

    private WhenWaiting() {
    }

    /** @return the started thread that runs {@code action} once {@code waiter} waits */
    public static Thread run(Thread waiter, Runnable action) {
        Thread thread = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            action.run();
        });
        thread.start();
        return thread;
    }
}
