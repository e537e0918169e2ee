package io.github.viewcache;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Render locks within this JVM, for {@code store=memory}, whose entries no other server sees. */
final class LocalRenderLocks implements RenderLocks {

    private static final class Lock {
        final String token;
        final long expiresAtNanos;
        final CountDownLatch released = new CountDownLatch(1);

        Lock(String token, long expiresAtNanos) {
            this.token = token;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final Store store;
    private final ConcurrentHashMap<String, Lock> locks = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    /** @param store where a taken lock reads the page from */
    LocalRenderLocks(Store store) {
        this.store = store;
    }

    private static String key(String page, String variant) {
        return page + "\u0000lock\u0000" + variant;
    }

    @Override
    public Attempt tryLock(String index, String page, String variant, long timeoutMillis, List<String> fields,
                           List<String> unlessPresent) throws StoreException {
        if (!unlessPresent.isEmpty()) {
            for (byte[] value : store.get(page, unlessPresent)) {
                if (value != null) {
                    return Attempt.skipped(store.get(page, fields));
                }
            }
        }
        String key = key(page, variant);
        String token = Long.toString(tokens.incrementAndGet());
        Lock mine = new Lock(token, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        while (true) {
            Lock held = locks.putIfAbsent(key, mine);
            if (held == null) {
                break;
            }
            if (System.nanoTime() - held.expiresAtNanos < 0) {
                return new Attempt(null, store.get(page, fields));
            }
            // The holder outlived its lock (it hangs): take over.
            if (locks.replace(key, held, mine)) {
                held.released.countDown();
                break;
            }
        }
        try {
            return new Attempt(token, store.get(page, fields));
        } catch (StoreException | RuntimeException e) {
            unlock(page, variant, token);
            throw e;
        }
    }

    @Override
    public boolean awaitRelease(String page, String variant, long timeoutMillis) throws InterruptedException {
        Lock held = locks.get(key(page, variant));
        return held == null || held.released.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void unlock(String page, String variant, String token) {
        String key = key(page, variant);
        Lock held = locks.get(key);
        if (held != null && held.token.equals(token) && locks.remove(key, held)) {
            held.released.countDown();
        }
    }

    @Override
    public void close() {
        for (Lock held : locks.values()) {
            held.released.countDown();
        }
        locks.clear();
    }
}
