package io.github.viewcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stored page: status, headers (Content-Type included, hop-by-hop ones excluded) and the
 * body. The body is a slice of a larger array so that a decoded hit is served without copying.
 */
final class CachedResponse {

    /** One header line; a header with several values appears once per value, in order. */
    static final class Header {
        final String name;
        final String value;

        Header(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }

    final int status;
    final List<Header> headers;
    final long storedAtMillis;
    /** 0 when the entry never expires. */
    final long expiresAtMillis;
    private final byte[] bodyArray;
    private final int bodyOffset;
    private final int bodyLength;

    CachedResponse(int status, List<Header> headers, long storedAtMillis, long expiresAtMillis,
                   byte[] bodyArray, int bodyOffset, int bodyLength) {
        this.status = status;
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        this.storedAtMillis = storedAtMillis;
        this.expiresAtMillis = expiresAtMillis;
        this.bodyArray = bodyArray;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
    }

    boolean isFreshAt(long nowMillis) {
        return expiresAtMillis == 0 || nowMillis < expiresAtMillis;
    }

    int bodyLength() {
        return bodyLength;
    }

    void writeBodyTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(bodyArray, bodyOffset, bodyLength);
    }
}
