package io.github.viewcache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    private final ConcurrentHashMap<String, Lock> locks = new ConcurrentHashMap<>();

    @Override
    public String tryLock(String key, long timeoutMillis) {
        String token = Long.toHexString(System.nanoTime()) + Thread.currentThread().getId();
        Lock mine = new Lock(token, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        while (true) {
            Lock held = locks.putIfAbsent(key, mine);
            if (held == null) {
                return token;
            }
            if (System.nanoTime() - held.expiresAtNanos < 0) {
                return null;
            }
            // The holder outlived its lock (it hangs, or crashed): take over.
            if (locks.replace(key, held, mine)) {
                held.released.countDown();
                return token;
            }
        }
    }

    @Override
    public boolean awaitRelease(String key, long timeoutMillis) throws InterruptedException {
        Lock held = locks.get(key);
        return held == null || held.released.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void unlock(String key, String token) {
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
