package io.github.viewcache.testing;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import io.github.viewcache.ResponseCachingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

/**
 * An embedded Jetty 12 on a free loopback port, with the web application under context path
 * {@code /app} (so tests see that keys leave the context path out).
 */
public final class JettyServer implements AutoCloseable {

    public static final String CONTEXT_PATH = "/app";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH, ServletContextHandler.SESSIONS);

    public JettyServer() {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(context);
    }

    /** Adds a {@link ResponseCachingFilter} named {@code name} over {@code pattern}, for REQUEST and ASYNC. */
    public JettyServer filter(String name, Map<String, String> initParams, String pattern) {
        return filter(name, initParams, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }

    /** Adds this filter instance (e.g. one built with a test clock) under {@code name}. */
    public JettyServer filter(String name, Filter filter, Map<String, String> initParams, String pattern) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setInitParameters(initParams);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        return this;
    }

    public JettyServer filter(String name, Map<String, String> initParams, String pattern,
                              EnumSet<DispatcherType> dispatches) {
        FilterHolder holder = new FilterHolder(ResponseCachingFilter.class);
        holder.setName(name);
        holder.setInitParameters(initParams);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pattern, dispatches);
        return this;
    }

    /** One {@link ResponseCachingFilter} named {@code name}, mapped at each of {@code patterns} (REQUEST). */
    public JettyServer filterAt(String name, Map<String, String> initParams, List<String> patterns) {
        FilterHolder holder = new FilterHolder(ResponseCachingFilter.class);
        holder.setName(name);
        holder.setInitParameters(initParams);
        for (String pattern : patterns) {
            context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST));
        }
        return this;
    }

    /** Runs {@code initializer} as the container would run one found in the application, at start-up. */
    public JettyServer initializer(jakarta.servlet.ServletContainerInitializer initializer) {
        context.addServletContainerInitializer(initializer);
        return this;
    }

    public JettyServer servlet(HttpServlet servlet, String pattern) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pattern);
        return this;
    }

    public JettyServer start() throws Exception {
        server.start();
        return this;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + pathAndQuery);
    }

    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
