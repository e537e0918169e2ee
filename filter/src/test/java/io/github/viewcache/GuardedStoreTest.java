package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.CapturedLog;

/** Remembered evictions under threads that race a recovery; a scripted store, latches, no sleeps. */
class GuardedStoreTest {

    /** Evictions that reached the store, in order; the first of page A held on a latch, the second failing. */
    final List<List<String>> evicted = new CopyOnWriteArrayList<>();
    final CountDownLatch recoveryInStore = new CountDownLatch(1);
    final CountDownLatch letRecoveryFinish = new CountDownLatch(1);
    final AtomicInteger evictionsOfA = new AtomicInteger();
    volatile boolean down = true;

    CapturedLog log;

    @BeforeEach
    void listen() {
        log = CapturedLog.of(GuardedStore.class);
    }

    @AfterEach
    void stopListening() {
        log.close();
        letRecoveryFinish.countDown();
    }

    /** A store whose evict follows the script above and whose get answers nothing. */
    Store scripted() {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "evict":
                            evict(new ArrayList<>((Collection<?>) args[1]).stream().map(String::valueOf).toList());
                            return null;
                        case "get":
                            if (down) {
                                throw new StoreException("down", null);
                            }
                            return Collections.nCopies(((List<?>) args[1]).size(), null);
                        case "close":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private void evict(List<String> pages) throws StoreException, InterruptedException {
        if (down) {
            throw new StoreException("down", null);
        }
        if (pages.contains("A")) {
            int n = evictionsOfA.incrementAndGet();
            if (n == 1) {
                recoveryInStore.countDown();
                assertTrue(letRecoveryFinish.await(30, TimeUnit.SECONDS));
            } else if (n == 2) {
                throw new StoreException("a timeout for this one call", null);
            }
        }
        evicted.add(pages);
    }

    @Test
    void anEvictionRememberedWhileARecoveryIsUnderWayIsAppliedToo() throws Exception {
        GuardedStore guarded = new GuardedStore(scripted(), "race", "view/", Clock.SYSTEM, 60_000, new FilterStats());
        try {
            assertThrows(StoreException.class, () -> guarded.evict("index", List.of("A")));
            down = false;

            // A recovery starts: a read applies the remembered eviction of A first, and is held there.
            Thread reader = new Thread(() -> {
                try {
                    guarded.get("page", List.of(""));
                } catch (StoreException e) {
                    throw new AssertionError(e);
                }
            });
            reader.start();
            assertTrue(recoveryInStore.await(30, TimeUnit.SECONDS));

            // Meanwhile another write's eviction of B fails (its own try at A times out first): remembered.
            assertThrows(StoreException.class, () -> guarded.evict("index", List.of("B")));

            letRecoveryFinish.countDown();
            reader.join(30_000);
            assertTrue(log.messages().contains("ViewCache [race]: applied 1 evictions and 0 clears that failed while Redis"
                    + " was unreachable"), log.messages().toString());

            guarded.get("page", List.of(""));
            assertEquals(List.of(List.of("A"), List.of("B")), evicted, "B was applied after A's recovery");
            assertEquals(2, log.messages().stream().filter(l -> l.contains("applied 1 evictions")).count(),
                    log.messages().toString());
        } finally {
            guarded.close();
        }
    }

    @Test
    void evictLaterRemembersWithoutCallingAndAppliesBeforeTheNextRead() throws Exception {
        GuardedStore guarded = new GuardedStore(scripted(), "later", "view/", Clock.SYSTEM, 60_000, new FilterStats());
        try {
            down = false;
            guarded.evictLater("index", Arrays.asList("C", "D"));
            assertEquals(List.of(), evicted, "no call yet");
            guarded.get("page", List.of(""));
            assertEquals(List.of(List.of("C", "D")), evicted);
        } finally {
            guarded.close();
        }
    }
}
