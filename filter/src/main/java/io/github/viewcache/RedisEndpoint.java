package io.github.viewcache;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code redis-url}: {@code redis://[user[:password]@]host[:port][/database]}, or
 * {@code rediss://} for TLS. Immutable; {@link #toString()} never shows the password.
 */
final class RedisEndpoint {

    static final int DEFAULT_PORT = 6379;

    final String host;
    final int port;
    final boolean tls;
    final String user;
    final String password;
    final int database;

    private RedisEndpoint(String host, int port, boolean tls, String user, String password, int database) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /**
     * @throws IllegalArgumentException saying what part of {@code text} is wrong; the message
     *         never repeats a password
     */
    static RedisEndpoint parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("the scheme must be redis:// or rediss://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be from 1 to 65535");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how most clients spell a password-only AUTH.
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path must be a database number such as /0");
            }
            if (database < 0) {
                throw new IllegalArgumentException("the database number must be 0 or more");
            }
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("query strings and fragments are not supported");
        }
        return new RedisEndpoint(host, port, scheme.equals("rediss"), user, password, database);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisEndpoint)) {
            return false;
        }
        RedisEndpoint other = (RedisEndpoint) o;
        return host.equals(other.host) && port == other.port && tls == other.tls
                && Objects.equals(user, other.user) && Objects.equals(password, other.password)
                && database == other.database;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, user, password, database);
    }

    @Override
    public String toString() {
        String auth = user != null ? user + ":***@" : password != null ? ":***@" : "";
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + auth + hostPart + ":" + port + "/" + database;
    }
}
