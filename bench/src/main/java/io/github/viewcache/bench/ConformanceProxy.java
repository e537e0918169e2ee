package io.github.viewcache.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import io.github.viewcache.ResponseCachingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * ViewCache as a caching reverse proxy, for the public HTTP cache test suite
 * (conformance/run.sh): a servlet that forwards every request to the suite's origin server,
 * behind the filter on {@code /*}, on loopback. The memory store: the suite tests HTTP
 * behaviour, which is the same on Redis. Args: port, origin base URL, freshness mode.
 */
public final class ConformanceProxy {

    /** RFC 9110 section 15.1: the statuses that are heuristically cacheable (206 aside). */
    static final String CACHEABLE = "200,203,204,300,301,308,404,405,410,414,501";

    private ConformanceProxy() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI origin = URI.create(args[1]);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(ResponseCachingFilter.class);
        filter.setName("viewcache");
        filter.setAsyncSupported(true);
        filter.setInitParameters(Map.of("store", "memory", "freshness", args[2], "cacheable-statuses", CACHEABLE,
                "lock-timeout-ms", "5000"));
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new Forward(origin)), "/*");
        server.setHandler(context);
        server.start();
        server.join();
    }

    /** Forwards a request to the origin and its answer back, minus the hop-by-hop fields. */
    static final class Forward extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final Set<String> NOT_FORWARDED = new HashSet<>(Arrays.asList("connection", "keep-alive",
                "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
                "expect", "http2-settings"));

        private final transient URI origin;
        private final transient HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        Forward(URI origin) {
            this.origin = origin;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
            byte[] body;
            try (InputStream in = req.getInputStream()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(origin.resolve(req.getRequestURI() + query))
                    .timeout(Duration.ofSeconds(30))
                    .method(req.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String name : java.util.Collections.list(req.getHeaderNames())) {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    for (String value : java.util.Collections.list(req.getHeaders(name))) {
                        forward.header(name, value);
                    }
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                resp.sendError(502);
                return;
            }
            resp.setStatus(answer.statusCode());
            HttpHeaders headers = answer.headers();
            // A proxy drops what Connection names along with it (RFC 9110 7.6.1).
            Set<String> hopByHop = new HashSet<>(NOT_FORWARDED);
            for (String listed : headers.allValues("Connection")) {
                for (String name : listed.split(",")) {
                    hopByHop.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
            for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
                if (hopByHop.contains(header.getKey().toLowerCase(Locale.ROOT)) || header.getKey().startsWith(":")) {
                    continue;
                }
                boolean first = true;
                for (String value : header.getValue()) {
                    if (first) {
                        resp.setHeader(header.getKey(), value);
                        first = false;
                    } else {
                        resp.addHeader(header.getKey(), value);
                    }
                }
            }
            if (answer.statusCode() != 304 && answer.statusCode() != 204 && !req.getMethod().equals("HEAD")) {
                resp.setContentLength(answer.body().length);
                resp.getOutputStream().write(answer.body());
            }
        }
    }
}
