package io.github.viewcache;

import java.util.List;

/**
 * Render locks whose attempts read the page, made under the store's guard: an attempt is also
 * a lookup, and a lookup must not reach Redis while it is deemed down, nor before the
 * evictions that failed meanwhile are applied.
 */
final class GuardedRenderLocks implements RenderLocks {

    private final RenderLocks locks;
    private final GuardedStore guard;

    GuardedRenderLocks(RenderLocks locks, GuardedStore guard) {
        this.locks = locks;
        this.guard = guard;
    }

    @Override
    public Attempt tryLock(String index, String page, String variant, long timeoutMillis, List<String> fields,
                           List<String> unlessPresent) throws StoreException {
        return guard.call(() -> locks.tryLock(index, page, variant, timeoutMillis, fields, unlessPresent));
    }

    @Override
    public boolean awaitRelease(String page, String variant, long timeoutMillis) throws InterruptedException {
        return locks.awaitRelease(page, variant, timeoutMillis);
    }

    @Override
    public void unlock(String page, String variant, String token) {
        locks.unlock(page, variant, token);
    }

    @Override
    public void close() {
        locks.close();
    }
}
