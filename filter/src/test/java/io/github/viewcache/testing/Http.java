package io.github.viewcache.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP/1.1 client for tests: what a browser or curl would see. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    public static HttpResponse<byte[]> get(URI uri, String... headerPairs) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET(), headerPairs);
    }

    public static HttpResponse<byte[]> head(URI uri, String... headerPairs) throws IOException {
        return send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()), headerPairs);
    }

    public static HttpResponse<byte[]> send(String method, URI uri, String body, String... headerPairs)
            throws IOException {
        return send(HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headerPairs);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder builder, String... headerPairs) throws IOException {
        for (int i = 0; i < headerPairs.length; i += 2) {
            builder.header(headerPairs[i], headerPairs[i + 1]);
        }
        builder.timeout(Duration.ofSeconds(60));
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Sends {@code requestLine} as is over a new connection (closed after one response) and
     * returns the whole response as ISO-8859-1 text, for requests java.net.URI would refuse.
     */
    public static String raw(URI server, String requestLine) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            String request = requestLine + "\r\nHost: " + server.getHost() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
