package io.github.viewcache;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code redis-url}, in one of four forms ({@code s} after {@code redis} for TLS):
 * <ul>
 * <li>{@code redis://[user[:password]@]host[:port][/database]}: one Redis;
 * <li>{@code redis-cluster://[user[:password]@]host:port[,host:port...]}: a Redis Cluster,
 *     found from any of those nodes;
 * <li>{@code redis-sentinel://[user[:password]@]host:port[,host:port...][/database]#master}:
 *     the master Sentinel names {@code master}, followed through fail-overs; the credentials are
 *     the master's (and its replicas'), the listed nodes are the sentinels.
 * </ul>
 * Immutable; {@link #toString()} never shows the password.
 */
final class RedisEndpoint {

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;

    static final String FORMS = "redis://[user[:password]@]host[:port][/database], "
            + "redis-cluster://[user[:password]@]host:port[,host:port...] or "
            + "redis-sentinel://[user[:password]@]host:port[,host:port...][/database]#master-name, "
            + "each with rediss for TLS (rediss://, rediss-cluster://, rediss-sentinel://)";

    /** How the nodes are reached. */
    enum Kind {
        SINGLE(""), CLUSTER("-cluster"), SENTINEL("-sentinel");

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /** One listed node. */
    static final class Node {
        final String host;
        final int port;

        Node(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node && ((Node) o).host.equals(host) && ((Node) o).port == port;
        }

        @Override
        public int hashCode() {
            return host.hashCode() * 31 + port;
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    final Kind kind;
    /** The Redis (single), the seed nodes (cluster) or the sentinels; at least one. */
    final List<Node> nodes;
    /** The first node's, for a single Redis. */
    final String host;
    final int port;
    final boolean tls;
    final String user;
    final String password;
    final int database;
    /** The master's name for Sentinel, else {@code null}. */
    final String master;

    private RedisEndpoint(Kind kind, List<Node> nodes, boolean tls, String user, String password, int database,
                          String master) {
        this.kind = kind;
        this.nodes = Collections.unmodifiableList(nodes);
        this.host = nodes.get(0).host;
        this.port = nodes.get(0).port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.database = database;
        this.master = master;
    }

    /**
     * @throws IllegalArgumentException saying what part of {@code text} is wrong; the message
     *         never repeats a password
     */
    static RedisEndpoint parse(String text) {
        String url = text.trim();
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Kind kind = null;
        boolean tls = false;
        for (Kind k : Kind.values()) {
            if (scheme.equals("redis" + k.suffix) || scheme.equals("rediss" + k.suffix)) {
                kind = k;
                tls = scheme.startsWith("rediss");
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("the scheme must be redis://, redis-cluster:// or redis-sentinel:// "
                    + "(rediss... for TLS)");
        }
        String rest = url.substring(schemeEnd + 3);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("not a URL (nothing after the scheme)");
        }
        String master = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            if (kind != Kind.SENTINEL) {
                throw new IllegalArgumentException("fragments are not supported (a #master-name is for redis-sentinel://)");
            }
            master = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        if (rest.indexOf('?') >= 0) {
            throw new IllegalArgumentException("query strings are not supported");
        }
        // A password may hold '/' or '@' unencoded: the hosts start after the last '@'.
        int at = rest.lastIndexOf('@');
        int slash = rest.indexOf('/', at + 1);
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how most clients spell a password-only AUTH.
                password = decode(userInfo);
            } else {
                user = colon == 0 ? null : decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (String node : authority.split(",", -1)) {
            nodes.add(node(node.trim(), kind));
        }
        if (kind == Kind.SINGLE && nodes.size() > 1) {
            throw new IllegalArgumentException("redis:// names one host; several are for redis-cluster:// or "
                    + "redis-sentinel://");
        }
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            if (kind == Kind.CLUSTER) {
                throw new IllegalArgumentException("a cluster has database 0 only: no /database");
            }
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path must be a database number such as /0");
            }
            if (database < 0) {
                throw new IllegalArgumentException("the database number must be 0 or more");
            }
        }
        if (kind == Kind.SENTINEL && (master == null || master.isEmpty())) {
            throw new IllegalArgumentException("redis-sentinel:// needs the master's name after #, "
                    + "as in redis-sentinel://s1:26379,s2:26379#mymaster");
        }
        return new RedisEndpoint(kind, nodes, tls, user, password, database, master);
    }

    private static Node node(String text, Kind kind) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the IPv6 host [" + text + "] has no ']'");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("[" + text + "] is not host:port");
                }
                port = text.substring(close + 2);
            }
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException("[" + text + "] has no host");
        }
        int number = kind == Kind.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("the port must be from 1 to 65535, not [" + port + "]");
            }
        }
        return new Node(host, number);
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
        return kind == other.kind && nodes.equals(other.nodes) && tls == other.tls
                && Objects.equals(user, other.user) && Objects.equals(password, other.password)
                && database == other.database && Objects.equals(master, other.master);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, nodes, tls, user, password, database, master);
    }

    @Override
    public String toString() {
        String auth = user != null ? user + ":***@" : password != null ? ":***@" : "";
        StringBuilder s = new StringBuilder(tls ? "rediss" : "redis").append(kind.suffix).append("://").append(auth);
        for (int i = 0; i < nodes.size(); i++) {
            s.append(i == 0 ? "" : ",").append(nodes.get(i));
        }
        if (kind != Kind.CLUSTER) {
            s.append('/').append(database);
        }
        return master == null ? s.toString() : s.append('#').append(master).toString();
    }
}
