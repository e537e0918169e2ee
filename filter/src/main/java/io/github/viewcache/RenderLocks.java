package io.github.viewcache;

/**
 * Lets one request render a missing page while the others for the same page wait for it
 * (stampede protection), across every server that shares the store.
 */
interface RenderLocks extends AutoCloseable {

    /**
     * @return a token when the caller should render (it now holds the lock for at most
     *         {@code timeoutMillis}), or {@code null} when another render of {@code key} is
     *         under way
     */
    String tryLock(String key, long timeoutMillis) throws StoreException;

    /**
     * Waits until the render holding {@code key} ends (or {@code timeoutMillis} pass). Woken by
     * the end itself, not by polling.
     *
     * @return whether it ended within the time
     */
    boolean awaitRelease(String key, long timeoutMillis) throws InterruptedException;

    /** Releases the lock if {@code token} still holds it, and wakes the waiters. Never throws. */
    void unlock(String key, String token);

    @Override
    void close();
}
