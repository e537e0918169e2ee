package io.github.viewcache;

/**
 * A single byte range of a {@code Range} header (RFC 9110 section 14.1.2). Several ranges are
 * not served as multipart: the full body answers them, which RFC 9110 allows.
 */
final class ByteRange {

    final long first;
    final long last;

    private ByteRange(long first, long last) {
        this.first = first;
        this.last = last;
    }

    /** Marks a syntactically valid range that does not overlap the body (416). */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /**
     * @return the range within {@code length}, {@link #UNSATISFIABLE}, or {@code null} when the
     *         header is absent, malformed or asks for several ranges (serve the whole body)
     */
    static ByteRange parse(String header, long length) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return suffix == 0 ? UNSATISFIABLE : null;
                }
                return length == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, Math.min(last, length - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    long length() {
        return last - first + 1;
    }
}
