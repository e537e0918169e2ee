package io.github.viewcache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hit-for-pass: what the store holds, in place of an entry, for a page variant whose last
 * render could not be stored, and why. Requests that find it render at once, without the
 * render lock, instead of queueing behind each other for a page that will not be stored; it
 * lasts {@link #lifetimeMillis} at most, a later render that may be stored replaces it, and
 * an eviction removes it with the page.
 *
 * <pre>
 * byte   'P' (an entry starts with its format version, {@link EntryCodec#VERSION})
 * long   expires at, epoch ms
 * bytes  the reason, UTF-8, to the end
 * </pre>
 */
final class PassMarker {

    private static final byte KIND = 'P';

    /** The longest a marker lasts: long enough to spare the lock, short enough for a page that becomes storable. */
    static final long MAX_LIFETIME_MILLIS = 120_000L;

    /** The {@code Cache-Status} detail of the render that could not be stored. */
    final String reason;
    final long expiresAtMillis;

    PassMarker(String reason, long expiresAtMillis) {
        this.reason = reason;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** {@code min(timeout, 120 s)}; 120 s when entries never expire. */
    static long lifetimeMillis(long timeoutMillis) {
        return timeoutMillis == 0 ? MAX_LIFETIME_MILLIS : Math.min(timeoutMillis, MAX_LIFETIME_MILLIS);
    }

    static boolean isMarker(byte[] value) {
        return value.length > 0 && value[0] == KIND;
    }

    boolean isValidAt(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    byte[] encode() {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + text.length).put(KIND).putLong(expiresAtMillis).put(text).array();
    }

    /** @throws IllegalArgumentException when {@code value} is not a marker */
    static PassMarker decode(byte[] value) {
        if (!isMarker(value) || value.length < 9) {
            throw new IllegalArgumentException("not a pass marker");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.get();
        long expiresAt = in.getLong();
        return new PassMarker(new String(value, 9, value.length - 9, StandardCharsets.UTF_8), expiresAt);
    }
}
