package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.WhenWaiting;

/** Where and when the stores of answered renders run. */
class DeferredStoresTest {

    @Test
    void aStoreRunsOffTheRequestThread() throws Exception {
        try (DeferredStores stores = new DeferredStores("test")) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);

            stores.submit(() -> {
                ranOn.set(Thread.currentThread());
                ran.countDown();
            }, 100);

            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertNotEquals(Thread.currentThread(), ranOn.get());
        }
    }

    @Test
    void pastThePendingBoundTheRequestThreadStoresItself() {
        try (DeferredStores stores = new DeferredStores("test")) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();

            stores.submit(() -> ranOn.set(Thread.currentThread()), DeferredStores.MAX_PENDING_BYTES + 1);

            assertEquals(Thread.currentThread(), ranOn.get(), "run before submit returned, here");
        }
    }

    @Test
    void closeLetsTheStoresUnderWayLand() throws Exception {
        DeferredStores stores = new DeferredStores("test");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean landed = new AtomicBoolean();
        stores.submit(() -> {
            started.countDown();
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            landed.set(true);
        }, 100);
        assertTrue(started.await(10, TimeUnit.SECONDS));

        // The store finishes only once close() waits for it.
        WhenWaiting.run(Thread.currentThread(), go::countDown);
        stores.close();

        assertTrue(landed.get(), "close() returned only after the store landed");
    }

    @Test
    void aStoreSubmittedAfterCloseStillRuns() {
        DeferredStores stores = new DeferredStores("test");
        stores.close();
        AtomicBoolean ran = new AtomicBoolean();

        stores.submit(() -> ran.set(true), 100);

        assertTrue(ran.get());
    }
}
