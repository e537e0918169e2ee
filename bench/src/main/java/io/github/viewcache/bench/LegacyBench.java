package io.github.viewcache.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The legacy-style workload (bench/legacy.sh): the test shop in one Tomcat, deployed twice,
 * with ViewCache on /* ({@code /shop}) and without it ({@code /plain}), measured in turns. Its
 * item page is a JSP whose header asks for the session, behind a render of {@code SHOP_RENDER_MS}.
 *
 * <ul>
 * <li>never storable: a signed-in visitor's page (personal on every render), with and
 *     without the filter: the filter's hit-for-pass must leave it at 0.9× the req/s or more and
 *     1.2× the p99 or less;</li>
 * <li>anonymous: a visitor without cookies, which the filter answers from Redis: 10× the req/s
 *     of the uncached app or more.</li>
 * </ul>
 *
 * Args: HTTP port, seconds per measurement, connections.
 */
public final class LegacyBench {

    private static final int ROUNDS = 5;
    private static final double RAMP_SECONDS = 0.5;

    private final int port;
    private final double seconds;
    private final int connections;

    private LegacyBench(int port, double seconds, int connections) {
        this.port = port;
        this.seconds = seconds;
        this.connections = connections;
    }

    public static void main(String[] args) throws Exception {
        new LegacyBench(Integer.parseInt(args[0]), Double.parseDouble(args[1]), Integer.parseInt(args[2])).run();
    }

    private void run() throws Exception {
        awaitDeployed("/shop/item?id=0");
        awaitDeployed("/plain/item?id=0");
        String shopSession = signIn("/shop");
        String plainSession = signIn("/plain");
        System.out.printf(Locale.ROOT, "# Legacy-style workload: the shop's item JSP in Tomcat, %d connections,"
                + " %.0f s per measurement in %d turns%n%n", connections, seconds, ROUNDS);

        List<Result> personal = inTurns(new Load[] {
            new Load("plain, signed in", "/plain/item?id=1", plainSession),
            new Load("viewcache, signed in (never storable)", "/shop/item?id=1", shopSession),
        });
        print("A page that is never storable", personal);
        double rps = personal.get(1).rps() / personal.get(0).rps();
        double p99 = personal.get(1).percentileMillis(0.99) / personal.get(0).percentileMillis(0.99);
        System.out.printf(Locale.ROOT, "Through the filter: %.2f× the req/s (target ≥ 0.90), %.2f× the p99"
                + " (target ≤ 1.20).%n%n", rps, p99);

        List<Result> anonymous = inTurns(new Load[] {
            new Load("plain, anonymous", "/plain/item?id=2", null),
            new Load("viewcache, anonymous (hits)", "/shop/item?id=2", null),
        });
        print("An anonymous page", anonymous);
        System.out.printf(Locale.ROOT, "Hits: %.1f× the uncached app's req/s (target ≥ 10).%n",
                anonymous.get(1).rps() / anonymous.get(0).rps());
    }

    /** One side of a comparison: a path, asked with or without a session cookie. */
    private static final class Load {
        final String name;
        final String path;
        final String cookie;

        Load(String name, String path, String cookie) {
            this.name = name;
            this.path = path;
            this.cookie = cookie;
        }
    }

    /** What one load gave over all its turns. */
    private static final class Result {
        final String name;
        final long requests;
        final double seconds;
        final long errors;
        final long[] latenciesNanos;

        Result(String name, long requests, double seconds, long errors, long[] latenciesNanos) {
            this.name = name;
            this.requests = requests;
            this.seconds = seconds;
            this.errors = errors;
            this.latenciesNanos = latenciesNanos;
        }

        double rps() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            int i = (int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length));
            return latenciesNanos.length == 0 ? 0 : latenciesNanos[i] / 1e6;
        }
    }

    /** The loads measured in turns, ROUNDS each, so drift over the run touches them alike. */
    private List<Result> inTurns(Load[] loads) throws Exception {
        List<List<long[]>> samples = new ArrayList<>();
        long[] errors = new long[loads.length];
        double[] elapsed = new double[loads.length];
        for (int i = 0; i < loads.length; i++) {
            samples.add(new ArrayList<>());
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < loads.length; k++) {
                int i = (round + k) % loads.length;
                elapsed[i] += measure(loads[i], seconds / ROUNDS, samples.get(i), errors, i);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            long[] all = samples.get(i).stream().flatMapToLong(Arrays::stream).sorted().toArray();
            results.add(new Result(loads[i].name, all.length, elapsed[i], errors[i], all));
        }
        return results;
    }

    /** @return the seconds measured */
    private double measure(Load load, double forSeconds, List<long[]> samples, long[] errors, int slot)
            throws Exception {
        long start = System.nanoTime() + (long) (RAMP_SECONDS * 1e9);
        long deadline = start + (long) (forSeconds * 1e9);
        AtomicLong failed = new AtomicLong();
        BenchClient.runConnections(port, connections, c -> {
            BenchClient.Latencies mine = new BenchClient.Latencies();
            while (System.nanoTime() < start) {
                c.exchange("GET", load.path, null, load.cookie);
            }
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                if (c.exchange("GET", load.path, null, load.cookie) != 200) {
                    failed.incrementAndGet();
                }
                mine.add(System.nanoTime() - t0);
            }
            mine.addTo(samples);
        });
        errors[slot] += failed.get();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(String title, List<Result> results) {
        System.out.println("## " + title);
        System.out.println();
        System.out.println("| load | requests | req/s | p50 ms | p99 ms | errors |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d |%n", r.name, r.requests, r.rps(),
                    r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors);
        }
        System.out.println();
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Polls until the application answers, within a deadline. */
    private void awaitDeployed(String path) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // between polls of a deadline loop
        }
        throw new IOException(path + " did not answer within 120 s");
    }

    /** Signs in as "bench" and returns the session cookie, {@code JSESSIONID=...}. */
    private String signIn(String context) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri(context + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=bench")).build(), HttpResponse.BodyHandlers.discarding());
        String setCookie = r.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IOException(context + "/login set no session cookie"));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
