package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.WhenWaiting;

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
        // The request leaves only once the closer waits, so that the wait itself is what is tested.
        Thread request = WhenWaiting.run(Thread.currentThread(), inFlight::exit);

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
