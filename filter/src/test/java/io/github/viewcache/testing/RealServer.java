package io.github.viewcache.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real servlet container from its distribution (unpacked by the build under target/servers),
 * run as its own process on a free port with a web application (a WAR, or a directory laid out
 * as one) deployed under a context name of the test's. Its working directory goes under the
 * {@code work.dir} system property.
 */
public final class RealServer implements AutoCloseable {

    enum Kind { TOMCAT, JETTY }

    private final String name;
    private final Kind kind;
    private final Path home;
    private final Path base;
    private final Path app;
    private final String context;
    private final Path log;
    private final int port;
    private Process process;

    private RealServer(String name, Kind kind, Path home, Path app, String context) throws IOException {
        this.name = name;
        this.kind = kind;
        this.home = home;
        this.app = app;
        this.context = context;
        this.base = Path.of(System.getProperty("work.dir"), name);
        this.log = base.resolve("server.log");
        this.port = freePort();
    }

    /**
     * @param homeProperty the system property naming the unpacked distribution
     * @param app the WAR or the directory to deploy as {@code /<context>}
     */
    public static RealServer tomcat(String name, String homeProperty, Path app, String context) throws IOException {
        return new RealServer(name, Kind.TOMCAT, Path.of(System.getProperty(homeProperty)), app, context);
    }

    public static RealServer jetty(String name, Path app, String context) throws IOException {
        return new RealServer(name, Kind.JETTY, Path.of(System.getProperty("jetty.home")), app, context);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Starts it with these environment variables and waits until {@code readyPath} gives an
     * answer the application, not the container, gives ({@code ready}).
     */
    public RealServer start(Map<String, String> environment, String readyPath,
                            Predicate<HttpResponse<byte[]>> ready) throws Exception {
        deleteRecursively(base);
        Files.createDirectories(base);
        List<String> command = kind == Kind.TOMCAT ? prepareTomcat() : prepareJetty();
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        awaitDeployed(readyPath, ready);
        return this;
    }

    private void deploy(Path webapps) throws IOException {
        if (Files.isDirectory(app)) {
            copyRecursively(app, webapps.resolve(context));
        } else {
            Files.copy(app, webapps.resolve(context + ".war"));
        }
    }

    private List<String> prepareTomcat() throws IOException {
        for (String dir : new String[] {"logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        copyRecursively(home.resolve("conf"), base.resolve("conf"));
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
                .replace("port=\"8005\"", "port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        Files.writeString(serverXml, xml);
        deploy(base.resolve("webapps"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(javaBin,
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start");
    }

    private List<String> prepareJetty() throws Exception {
        Files.createDirectories(base.resolve("webapps"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process setup = new ProcessBuilder(javaBin, "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=http,ee10-deploy")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("setup.log").toFile()).start();
        if (setup.waitFor() != 0) {
            throw new IOException("jetty setup failed: " + Files.readString(base.resolve("setup.log")));
        }
               deploy(base.resolve("webapps"));
        return List.of(javaBin, "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port);
    }

    /** Polls {@code readyPath} within a deadline. */
    private void awaitDeployed(String readyPath, Predicate<HttpResponse<byte[]>> ready) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited: " + log());
            }
            try {
                if (ready.test(Http.get(uri(readyPath)))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100); // between polls of a deadline loop
        }
        throw new IOException(name + " did not deploy " + app.getFileName() + " within 90 s: " + log());
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Copies a directory tree, replacing files that are there. */
    public static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.delete(paths.get(i));
        }
    }
}
