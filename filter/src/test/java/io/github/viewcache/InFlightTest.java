package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** What destroy() waits for: the requests inside the filter. */
class InFlightTest {

    @Test
    void idleAtOnceWhenNoRequestIsInside() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();
        inFlight.exit();

        assertTrue(inFlight.awaitIdle(0));
    }

    @Test
    void waitsForTheLastRequestToLeave() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();
        Thread closer = Thread.currentThread();
        Thread request = new Thread(() -> {
            // Leave only once the closer waits, so that the wait itself is what is tested.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            inFlight.exit();
        });
        request.start();

        assertTrue(inFlight.awaitIdle(30_000), "woken when the request left, well before 30 s");
        request.join();
    }

    @Test
    void givesUpAfterItsTime() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.enter();

        assertFalse(inFlight.awaitIdle(1));
    }
}
