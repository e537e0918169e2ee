package io.github.viewcache;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The copy of a response body kept for the cache. It holds at most {@code limit} bytes: past
 * that it lets go of what it has and records only that the body was too large, so a huge
 * response streams on to the client without growing the heap.
 */
final class CaptureBuffer extends OutputStream {

    private final int limit;
    private byte[] bytes = new byte[256];
    private int size;
    private boolean overflowed;

    CaptureBuffer(int limit) {
        this.limit = limit;
    }

    @Override
    public void write(int b) {
        if (room(1)) {
            bytes[size++] = (byte) b;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (room(len)) {
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    private boolean room(int len) {
        if (overflowed) {
            return false;
        }
        if ((long) size + len > limit) {
            overflowed = true;
            bytes = null;
            size = 0;
            return false;
        }
        if (size + len > bytes.length) {
            int grown = (int) Math.min(limit, Math.max((long) bytes.length * 2, (long) size + len));
            bytes = Arrays.copyOf(bytes, grown);
        }
        return true;
    }

    /** Forgets the content, as {@code reset()}/{@code resetBuffer()} do to the response's. */
    void reset() {
        if (!overflowed) {
            size = 0;
        }
    }

    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return bytes;
    }
}
