package io.github.viewcache.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import io.github.viewcache.ResponseCachingFilter;
import io.github.viewcache.ViewCache;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The servers the benchmark compares, in one embedded Jetty 12, each answering
 * {@code GET /books/{id}} with the same 715-byte JSON:
 * <ul>
 * <li>{@code /ceiling}: a servlet with the bytes in memory (what any cache aims at);</li>
 * <li>{@code /ceiling-headers}: the same, sending also the headers a near-cache hit adds (what
 * is left of the gap to the ceiling is then the filter's own work);</li>
 * <li>{@code /empty-filter}: {@code /ceiling-headers} behind a filter that only passes the request
 * on (what Jetty charges any filter: the chain, per path);</li>
 * <li>{@code /floor}: a servlet doing exactly one Jedis GET per request (what a cache that
 * reads Redis on every hit cannot beat);</li>
 * <li>{@code /plain}: the page with its heavy step and no cache (what a miss is measured
 * against: the heavy step plus the application's own time);</li>
 * <li>{@code /viewcache}: a page with a heavy step behind ViewCache on Redis;</li>
 * <li>{@code /near}: the same with {@code near-cache-ms}.</li>
 * </ul>
 * {@code PUT /books/{id}} changes a book; {@code /admin/*} (not cached) counts heavy steps,
 * clears the cache and tells the JVM's CPU time.
 *
 * <p>Arguments: redis port, http port, heavy step ms.
 */
public final class BenchServer {

    static final int BODY_BYTES = 715;
    /** Validators as long as those the cache makes (the same for every book: only their cost matters). */
    static final String HIT_ETAG = "\"vcQWM-XvhcPCfdlVTbq_pgiO\"";
    static final String HIT_LAST_MODIFIED = "Tue, 24 Nov 2026 08:50:58 GMT";
    /** The books the ceiling holds as bytes: every page the hit workloads ask for. */
    static final int HELD_BOOKS = 1000;

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        // A port of one Redis, or the ports of a cluster's masters separated by commas (REDIS=cluster).
        String[] redisPorts = args[0].split(",");
        int httpPort = Integer.parseInt(args[1]);
        long heavyMillis = Long.parseLong(args[2]);
        String redisUrl;
        UnifiedJedis redis;
        if (redisPorts.length == 1) {
            redisUrl = "redis://127.0.0.1:" + redisPorts[0];
            redis = RedisClient.create("127.0.0.1", Integer.parseInt(redisPorts[0]));
        } else {
            StringBuilder url = new StringBuilder("redis-cluster://");
            java.util.Set<HostAndPort> nodes = new java.util.HashSet<>();
            for (String port : redisPorts) {
                url.append(nodes.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
                nodes.add(new HostAndPort("127.0.0.1", Integer.parseInt(port)));
            }
            redisUrl = url.toString();
            redis = RedisClusterClient.builder().nodes(nodes).build();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                redis.ping();
                break;
            } catch (RuntimeException starting) {
                if (attempt == 100) {
                    throw starting;
                }
                Thread.sleep(50); // redis-server is starting
            }
        }
        for (int id = 0; id < 1000; id++) {
            redis.set(("bench:book:" + id).getBytes(StandardCharsets.UTF_8), body(id, 0));
        }

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(httpPort);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context("/ceiling", BookServlet.inMemory(false), null));
        contexts.addHandler(context("/ceiling-headers", BookServlet.inMemory(true), null));
        contexts.addHandler(passThrough(context("/empty-filter", BookServlet.inMemory(true), null)));
        contexts.addHandler(context("/floor", new BookServlet(0, redis), null));
        contexts.addHandler(context("/plain", new BookServlet(heavyMillis, null), null));
        contexts.addHandler(context("/viewcache", new BookServlet(heavyMillis, null),
                Map.of("redis-url", redisUrl, "timeout", "3600")));
        contexts.addHandler(context("/near", new BookServlet(heavyMillis, null),
                Map.of("redis-url", redisUrl, "timeout", "3600", "near-cache-ms", "1000", "key-prefix", "near/")));
        server.setHandler(contexts);
        server.start();
        System.out.println("bench server ready on " + httpPort);
        server.join();
    }

    private static Handler context(String path, BookServlet books, Map<String, String> viewCache) {
        ServletContextHandler context = new ServletContextHandler(path);
        context.addServlet(new ServletHolder(books), "/books/*");
        context.addServlet(new ServletHolder(new AdminServlet(books)), "/admin/*");
        if (viewCache != null) {
            FilterHolder filter = new FilterHolder(ResponseCachingFilter.class);
            filter.setName("viewcache");
            filter.setInitParameters(viewCache);
            context.addFilter(filter, "/books/*", EnumSet.of(DispatcherType.REQUEST));
        }
        return context;
    }

    /** The context with a filter on its books that only passes each request on: what Jetty charges any filter. */
    private static Handler passThrough(Handler handler) {
        ServletContextHandler context = (ServletContextHandler) handler;
        context.addFilter(new FilterHolder((Filter) (request, response, chain) -> chain.doFilter(request, response)),
                "/books/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    /** The book's JSON, padded to exactly {@link #BODY_BYTES}. */
    static byte[] body(int id, int version) {
        StringBuilder json = new StringBuilder("{\"name\":\"book-").append(id).append("\",\"price\":100,\"version\":")
                .append(version).append(",\"text\":\"");
        while (json.length() < BODY_BYTES - 2) {
            json.append('x');
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** GET and PUT /books/{id}; with Redis, each GET reads the bytes from Redis once. */
    static final class BookServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient Map<Integer, Integer> versions = new ConcurrentHashMap<>();
        final transient AtomicInteger heavyRuns = new AtomicInteger();
        private final long heavyMillis;
        private final transient UnifiedJedis redis;
        /**
         * The ceiling's bytes, made once per book and version and then only read: a ceiling
         * that built its JSON per request would flatter every ratio to it (building it was a
         * third of the ceiling servlet's time in a profile). {@code null} for the other servers.
         */
        private final transient AtomicReferenceArray<byte[]> held;
        /** Whether the held bytes go out with the headers a near-cache hit sends, set as it sets them. */
        private final boolean hitHeaders;

        BookServlet(long heavyMillis, UnifiedJedis redis) {
            this(heavyMillis, redis, false, false);
        }

        private BookServlet(long heavyMillis, UnifiedJedis redis, boolean inMemory, boolean hitHeaders) {
            this.heavyMillis = heavyMillis;
            this.redis = redis;
            this.held = inMemory ? new AtomicReferenceArray<>(HELD_BOOKS) : null;
            this.hitHeaders = hitHeaders;
        }

        /** The bytes from memory: the ceiling; with {@code hitHeaders}, the ceiling of a cache hit. */
        static BookServlet inMemory(boolean hitHeaders) {
            return new BookServlet(0, null, true, hitHeaders);
        }

        private static int id(HttpServletRequest req) {
            String info = req.getPathInfo();
            try {
                return Math.floorMod(Integer.parseInt(info.substring(1)), 1_000_000);
            } catch (RuntimeException e) {
                return Math.floorMod(info.hashCode(), 1_000_000);
            }
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int id = id(req);
            byte[] bytes;
            if (redis != null) {
                bytes = redis.get(("bench:book:" + (id % 1000)).getBytes(StandardCharsets.UTF_8));
            } else {
                if (heavyMillis > 0) {
                    heavyRuns.incrementAndGet();
                    try {
                        Thread.sleep(heavyMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                bytes = held != null && id < HELD_BOOKS ? heldBytes(id) : body(id, versions.getOrDefault(id, 0));
            }
            if (hitHeaders) {
                // What a near-cache hit sends besides the page's own headers, in its order.
                resp.setHeader("X-Cache", "HIT");
                resp.setHeader("Cache-Status", "ViewCache; hit; ttl=3599; detail=near");
                resp.setHeader("Age", "0");
                resp.setContentType("application/json");
                resp.setHeader("ETag", HIT_ETAG);
                resp.setHeader("Last-Modified", HIT_LAST_MODIFIED);
                resp.setHeader("Accept-Ranges", "bytes");
            } else {
                resp.setContentType("application/json");
            }
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }

        /** The book's bytes, made on first use; locked with PUT so an older version's are never held. */
        private byte[] heldBytes(int id) {
            byte[] bytes = held.get(id);
            if (bytes != null) {
                return bytes;
            }
            synchronized (held) {
                bytes = held.get(id);
                if (bytes == null) {
                    bytes = body(id, versions.getOrDefault(id, 0));
                    held.set(id, bytes);
                }
                return bytes;
            }
        }

        @Override
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) {
            int id = id(req);
            if (held != null && id < HELD_BOOKS) {
                synchronized (held) {
                    versions.merge(id, 1, Integer::sum);
                    held.set(id, null);
                }
            } else {
                versions.merge(id, 1, Integer::sum);
            }
            resp.setStatus(204);
        }
    }

    /** {@code GET /admin/heavy-runs}, {@code POST /admin/clear}: outside the filter's mapping. */
    static final class AdminServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient BookServlet books;

        AdminServlet(BookServlet books) {
            this.books = books;
        }

        /** {@code /admin/cpu}: the CPU time this JVM has used, in nanoseconds; else the heavy-step runs. */
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if ("/cpu".equals(req.getPathInfo())) {
                resp.getWriter().write(Long.toString(((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
                return;
            }
            resp.getWriter().write(Integer.toString(books.heavyRuns.get()));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            books.heavyRuns.set(0);
            Object cache = req.getServletContext().getAttribute(ViewCache.CONTEXT_ATTRIBUTE);
            if (cache != null) {
                ((ViewCache) cache).clear();
            }
            resp.setStatus(204);
        }
    }
}
