package io.github.viewcache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Entity tags: a strong one derived from the body, and the weak comparison of RFC 9110 8.8.3.2. */
final class ETags {

    private ETags() {
    }

    /** Same bytes, same tag, on every server. */
    static String strongFor(byte[] body, int offset, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(body, offset, length);
            return "\"vc" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The tag of the gzip representation, which must differ from the identity one. */
    static String forGzip(String etag) {
        if (etag.endsWith("\"")) {
            return etag.substring(0, etag.length() - 1) + "-gzip\"";
        }
        return etag;
    }

    /** Whether an If-None-Match value matches any of {@code tags}, by weak comparison. */
    static boolean noneMatchHits(String ifNoneMatch, String... tags) {
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String opaque = opaque(candidate.trim());
            for (String tag : tags) {
                if (tag != null && opaque.equals(opaque(tag))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    static boolean isWeak(String tag) {
        return tag.startsWith("W/");
    }
}
