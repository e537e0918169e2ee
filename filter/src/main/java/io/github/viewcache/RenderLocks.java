package io.github.viewcache;

import java.util.List;

/**
 * Lets one request render a missing page variant while the others for it wait (stampede
 * protection), across every server that shares the store.
 */
interface RenderLocks extends AutoCloseable {

    /** What an attempt to take a lock found. */
    final class Attempt {
        /** The token to unlock with, or {@code null} when another render holds the lock. */
        final String token;
        /** The fields asked for, as they were when the lock was (or was not) taken. */
        final List<byte[]> values;
        /** The page held one of the fields that say it is stored: no lock was tried. */
        final boolean skipped;

        Attempt(String token, List<byte[]> values) {
            this(token, values, false);
        }

        private Attempt(String token, List<byte[]> values, boolean skipped) {
            this.token = token;
            this.values = values;
            this.skipped = skipped;
        }

        /** No lock was tried: the page held one of the fields that say it is stored. */
        static Attempt skipped(List<byte[]> values) {
            return new Attempt(null, values, true);
        }
    }

    /**
     * Takes the render lock of one variant of a page, for at most {@code timeoutMillis}, unless
     * another render holds it, and reads {@code fields} of the page: a render that ended after
     * the caller looked has stored by then, and the caller need not render again. The page is
     * listed in {@code index} as well, so that a {@code clear()} during the render fences it
     * like an eviction. Redis does all of this in one round trip.
     *
     * <p>When the page holds one of {@code unlessPresent} (may be empty), no lock is tried and
     * {@code fields} are only read ({@link Attempt#skipped}): a request that expects a miss looks
     * the page up and locks it in the same round trip, and a page that turns out to be stored is
     * read without taking a lock it does not need.
     */
    Attempt tryLock(String index, String page, String variant, long timeoutMillis, List<String> fields,
                    List<String> unlessPresent) throws StoreException;

    /**
     * Waits until the render holding the lock ends (or {@code timeoutMillis} pass). Woken by
     * the end itself; where the news of it can be lost (Redis pub/sub), the lock is also looked
     * at again now and then.
     *
     * @return whether it ended within the time
     */
    boolean awaitRelease(String page, String variant, long timeoutMillis) throws InterruptedException;

    /** Releases the lock if {@code token} still holds it, and wakes the waiters. Never throws. */
    void unlock(String page, String variant, String token);

    @Override
    void close();
}
