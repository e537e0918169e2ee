package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether a new session's id reached a response anywhere but its own session cookie: a page
 * that links with {@code ;jsessionid=}, or shows or forwards the id, belongs to that visitor
 * and must not be served to the next one ({@code cache-new-sessions}).
 */
final class SessionIdInResponse {

    private SessionIdInResponse() {
    }

    /**
     * Where the id was found, or could not be ruled out, as the refusal log says it; {@code null}
     * when it is nowhere.
     */
    static String find(CapturingResponse response, String id, String sessionCookie) {
        if (response.urlRewritten()) {
            return "a URL rewritten by encodeURL or encodeRedirectURL";
        }
        for (String name : response.getHeaderNames()) {
            for (String value : response.getHeaders(name)) {
                if (name.equalsIgnoreCase("Set-Cookie") && isSessionCookie(value, sessionCookie)) {
                    continue;
                }
                if (value.contains(id)) {
                    return "the " + name + " header";
                }
            }
        }
        CaptureBuffer body = response.body();
        if (body.size() == 0) {
            return null;
        }
        String coding = response.getHeader("Content-Encoding");
        if (coding != null && !coding.trim().equalsIgnoreCase("identity")) {
            return "a body encoded by the application (" + coding + "), which cannot be searched";
        }
        String charset = response.getCharacterEncoding();
        if (charset != null && charset.toUpperCase(Locale.ROOT).startsWith("UTF-16")
                || charset != null && charset.toUpperCase(Locale.ROOT).startsWith("UTF-32")) {
            return "a " + charset + " body, which is not searched";
        }
        return contains(body.array(), body.size(), id.getBytes(StandardCharsets.US_ASCII)) ? "the body" : null;
    }

    static boolean isSessionCookie(String setCookie, String sessionCookie) {
        return setCookie.trim().startsWith(sessionCookie + "=");
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
