package io.github.viewcache.legacy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.viewcache.testing.RealServer;

/**
 * One visitor: a client that keeps the cookies it is given, as a browser does, and remembers
 * every answer it got and every session id it was handed, so a test can check that no answer
 * carried another visitor's data.
 */
final class Browser {

    final String name;
    private final RealServer server;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    final List<HttpResponse<String>> answers = new ArrayList<>();
    final List<String> sessionIds = new ArrayList<>();
    /** What only this visitor may see: its name once signed in, its form tokens. */
    final List<String> secrets = new ArrayList<>();

    Browser(String name, RealServer server) {
        this.name = name;
        this.server = server;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpResponse<String> get(String path, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    HttpResponse<String> post(String path, String form) throws IOException {
        return send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
    }

    /** Signs in as this browser's name, which from then on only it may see. */
    void signIn() throws IOException {
        HttpResponse<String> r = post("/shop/login", "user=" + name);
        if (r.statusCode() != 302) {
            throw new AssertionError(name + " could not sign in: " + r.statusCode() + " " + r.body());
        }
        secrets.add("Welcome " + name);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response;
        try {
            response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        answers.add(response);
        for (HttpCookie cookie : cookies.getCookieStore().get(URI.create(server.uri("/shop/").toString()))) {
            if (cookie.getName().equals("JSESSIONID") && !sessionIds.contains(cookie.getValue())) {
                sessionIds.add(cookie.getValue());
                secrets.add(cookie.getValue());
            }
        }
        return response;
    }

    static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return name;
    }
}
