package io.github.viewcache.sample.jetty;

import java.net.URI;
import java.util.logging.Logger;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

import redis.clients.jedis.RedisClient;

/**
 * Runs the sample WAR's web.xml on embedded Jetty 12: {@code java -jar sample-webapp-jetty.jar}.
 *
 * <p>Environment: {@code PORT} (default 8080), {@code VIEWCACHE_REDIS_URL} (default
 * {@code redis://localhost:6379}), {@code HEAVY_MS}. When Redis cannot be reached at launch, the
 * same web.xml runs with {@code store=memory}, and the log says so, so that the sample works
 * on a machine without Redis.
 */
public final class JettyLauncher {

    private static final Logger LOG = Logger.getLogger(JettyLauncher.class.getName());

    static final String DEFAULT_REDIS_URL = "redis://localhost:6379";

    private JettyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String portText = System.getenv().getOrDefault("PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a port number, not [" + portText + "]");
        }
        Server server = start(port);
        server.join();
    }

    /** Starts the sample on {@code port} (0 = any free port) and returns the running server. */
    public static Server start(int port) throws Exception {
        return start(port, java.util.Collections.<String, Object>emptyMap());
    }

    /**
     * Starts the sample with these servlet-context attributes set before it initialises, e.g.
     * {@code books.shelf} to let several servers share one data set, as app servers share a
     * database.
     */
    public static Server start(int port, java.util.Map<String, Object> contextAttributes) throws Exception {
        chooseStore();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        Resource base = ResourceFactory.of(server).newClassLoaderResource("webapp/");
        if (base == null) {
            throw new IllegalStateException("webapp/WEB-INF/web.xml is not on the class path");
        }
        webapp.setBaseResource(base);
        // The sample's classes and ViewCache are on this class path already, not in WEB-INF.
        webapp.setParentLoaderPriority(true);
        contextAttributes.forEach(webapp::setAttribute);
        server.setHandler(webapp);
        server.start();
        LOG.info("Books sample listening on http://localhost:" + connector.getLocalPort() + "/books");
        return server;
    }

    /** Falls back to the in-memory store when the configured Redis does not answer. */
    private static void chooseStore() {
        String store = setting("store");
        if (store != null && !store.trim().equalsIgnoreCase("redis")) {
            return;
        }
        String url = setting("redis-url");
        if (url == null) {
            url = DEFAULT_REDIS_URL;
        }
        String problem = ping(url);
        if (problem != null) {
            System.setProperty("viewcache.store", "memory");
            LOG.warning("Redis at " + masked(url) + " is not reachable (" + problem + "); running on the "
                    + "in-memory store (store=memory): entries live in this JVM only. Set VIEWCACHE_REDIS_URL "
                    + "to a running Redis to use it.");
        } else {
            LOG.info("Using Redis at " + masked(url));
        }
    }

    private static String setting(String name) {
        String value = System.getProperty("viewcache." + name);
        return value != null ? value : System.getenv("VIEWCACHE_" + name.toUpperCase().replace('-', '_'));
    }

    /**
     * Whether the Redis of {@code url} answers: for a cluster or Sentinel URL, any of the listed
     * nodes (a sentinel answers PING as a node does). The filter itself checks the URL's form.
     */
    private static String ping(String url) {
        String problem = null;
        for (String node : nodeUrls(url)) {
            try (RedisClient client = RedisClient.create(URI.create(node))) {
                client.ping();
                return null;
            } catch (RuntimeException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        return problem;
    }

    /**
     * {@code redis://} URLs of the nodes a {@code redis-url} lists: itself for one Redis; each
     * seed of {@code redis-cluster://} with its credentials; each sentinel of
     * {@code redis-sentinel://} (without the master's credentials, which sentinels do not take).
     */
    public static java.util.List<String> nodeUrls(String url) {
        String trimmed = url.trim();
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        boolean cluster = scheme.endsWith("-cluster");
        boolean sentinel = scheme.endsWith("-sentinel");
        if (!cluster && !sentinel) {
            return java.util.Collections.singletonList(trimmed);
        }
        String plain = scheme.startsWith("rediss") ? "rediss://" : "redis://";
        String rest = trimmed.substring(schemeEnd + 3).replaceAll("#.*$", "");
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 || sentinel ? "" : rest.substring(0, at + 1);
        String hosts = rest.substring(at + 1).replaceAll("/.*$", "");
        java.util.List<String> nodes = new java.util.ArrayList<>();
        for (String host : hosts.split(",")) {
            String h = host.trim();
            nodes.add(plain + userInfo + (sentinel && h.indexOf(':') < 0 ? h + ":26379" : h));
        }
        return nodes;
    }

    private static String masked(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
