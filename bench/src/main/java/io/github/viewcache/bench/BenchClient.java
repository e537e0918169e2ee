package io.github.viewcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load: a fixed number of keep-alive connections over loopback, each a closed loop for a
 * fixed time (bounded in count too), against each server of {@link BenchServer}; prints one
 * table with req/s, p50 and p99 and each one's ratio to the in-memory ceiling of the same run.
 * It also gives the server's JVM CPU time per request over the measurement: the client shares
 * the two cores, so a server's own cost shows less in req/s than in CPU time, and CPU time
 * moves less than req/s with the machine's drift.
 *
 * <p>Arguments: http port, seconds per measurement, connections, and optionally the workloads
 * to run, comma-separated ({@code hits,pages,misses,readwrite,cold}; default all). Environment:
 * {@code SERVERS} picks the hit tables' servers; {@code REPEAT} measures each hit table that
 * many times and sums up how each server's ratios spread over them.
 */
public final class BenchClient {

    private static final long MAX_REQUESTS = 5_000_000;
    private static final int ROUNDS = 5;
    /** The targets: the near cache to the ceiling, Redis mode to the floor. */
    private static final double TARGET = 0.9;
    /** Unmeasured load before each measurement; see {@link #measure}. */
    private static final double RAMP_SECONDS = 0.5;
    private static final List<String> WORKLOADS = Arrays.asList("hits", "pages", "misses", "readwrite", "cold");
    private static final List<String> HIT_SERVERS = Arrays.asList("ceiling", "ceiling-headers", "empty-filter", "floor",
            "viewcache", "near");

    private final int port;
    private final int seconds;
    /** How many times each hit table is measured; see {@link #printSpread}. */
    private final int repeats;
    private final int connections;

    private final List<String> workloads;
    /** The servers of the hit tables: all of them, or those SERVERS names for an A/B run. */
    private final String[] servers;

    private BenchClient(int port, int seconds, int repeats, int connections, List<String> workloads,
                        List<String> servers) {
        this.port = port;
        this.seconds = seconds;
        this.repeats = repeats;
        this.connections = connections;
        this.workloads = workloads;
        this.servers = servers.toArray(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        List<String> workloads = chosen("workloads (4th argument)", args.length > 3 ? args[3] : null, WORKLOADS);
        List<String> servers = chosen("SERVERS", System.getenv("SERVERS"), HIT_SERVERS);
        String repeat = System.getenv().getOrDefault("REPEAT", "1");
        if (!repeat.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("REPEAT: '" + repeat + "' is not a whole number from 1 to 999");
        }
        new BenchClient(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(repeat),
                Integer.parseInt(args[2]), workloads, servers).run();
    }

    /** The comma-separated names in {@code value}, or all when it is empty; each one must be allowed. */
    private static List<String> chosen(String what, String value, List<String> allowed) {
        if (value == null || value.isEmpty()) {
            return allowed;
        }
        List<String> names = Arrays.asList(value.split(","));
        for (String name : names) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(what + ": unknown '" + name + "'; allowed: "
                        + String.join(", ", allowed));
            }
        }
        return names;
    }

    /** What one measurement saw. */
    static final class Result {
        final String server;
        final long requests;
        final double seconds;
        final long[] latenciesNanos;
        final long errors;
        final String note;
        /**
         * The CPU time the server's JVM used while this was measured (its cores, not the
         * client's), in nanoseconds; -1 when not measured.
         */
        final long cpuNanos;
        /** Measured in turns: the req/s of each round's slice, in round order; else empty. */
        final double[] roundRps;

        Result(String server, long requests, double seconds, long[] latenciesNanos, long errors, String note) {
            this(server, requests, seconds, latenciesNanos, errors, note, -1, new double[0]);
        }

        private Result(String server, long requests, double seconds, long[] latenciesNanos, long errors, String note,
                       long cpuNanos, double[] roundRps) {
            this.server = server;
            this.requests = requests;
            this.seconds = seconds;
            this.latenciesNanos = latenciesNanos;
            this.errors = errors;
            this.note = note;
            this.cpuNanos = cpuNanos;
            this.roundRps = roundRps;
        }

        /** One server's slices as one measurement. */
        static Result sum(String server, List<Result> slices) {
            long requests = 0;
            double seconds = 0;
            long errors = 0;
            long cpuNanos = 0;
            for (Result r : slices) {
                requests += r.requests;
                seconds += r.seconds;
                errors += r.errors;
                cpuNanos = cpuNanos < 0 || r.cpuNanos < 0 ? -1 : cpuNanos + r.cpuNanos;
            }
            long[] all = slices.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos)).sorted().toArray();
            return new Result(server, requests, seconds, all, errors, "", cpuNanos,
                    slices.stream().mapToDouble(Result::rps).toArray());
        }

        double rps() {
            return requests / seconds;
        }

        String cpuMicrosPerRequest() {
            return cpuNanos < 0 || requests == 0 ? "" : String.format(Locale.ROOT, "%.1f", cpuNanos / 1e3 / requests);
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length));
            return latenciesNanos[i] / 1e6;
        }
    }

    /** One connection's request latencies, in nanoseconds. */
    static final class Latencies {
        private long[] values = new long[1 << 14];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        void addTo(List<long[]> all) {
            synchronized (all) {
                all.add(Arrays.copyOf(values, size));
            }
        }
    }

    /** Picks each request of a workload: method, path and body. */
    interface Workload {
        String path(String server, ThreadLocalRandom random);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "# ViewCache benchmark: %d connections, %d s per measurement, %d cores%n%n",
                connections, seconds, Runtime.getRuntime().availableProcessors());
        await();
        warmUp();

        if (workloads.contains("hits")) {
            table("All hits, one page (GET /books/1)", servers, (s, r) -> "/" + s + "/books/1", 1);
        }
        if (workloads.contains("pages")) {
            table("Hits over 1,000 pages", servers, (s, r) -> "/" + s + "/books/" + r.nextInt(1000), 1000);
        }
        if (workloads.contains("misses")) {
            misses();
        }
        if (workloads.contains("readwrite")) {
            readWrite();
        }
        if (workloads.contains("cold")) {
            coldStart();
        }
    }

    /**
     * Runs every server's hit path once before anything is measured, so that the first table's
     * first server does not pay alone for the JIT compiling what they share (Jetty, the client).
     */
    private void warmUp() throws Exception {
        for (String server : servers) {
            warm(server, 1);
            measure(server, (s, r) -> "/" + s + "/books/0", seconds / 2.0);
        }
    }

    private void await() throws Exception {
        for (int i = 0; i < 600; i++) {
            try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                c.exchange("GET", "/ceiling/books/1", null);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100); // the server is starting
            }
        }
        throw new IllegalStateException("the bench server did not start");
    }

    /**
     * Measures the servers in turns: {@link #ROUNDS} rounds, each giving every server an equal
     * slice in a rotating order, summed per server. The machine's own drift over the run (other
     * tenants, frequency scaling, GC) then falls on all of them alike instead of on whichever
     * happened to run during it, which is what makes the ratios of one run comparable. With
     * {@link #repeats} over one, measured that many times, each printed, then their spread.
     */
    private void table(String title, String[] servers, Workload workload, int pages) throws Exception {
        for (String server : servers) {
            warm(server, pages);
            measure(server, workload, seconds / 4.0); // warm-up (JIT, pools), thrown away
        }
        List<List<Result>> measurements = new ArrayList<>();
        for (int m = 1; m <= repeats; m++) {
            List<Result> results = inTurns(servers, workload, seconds);
            print(repeats == 1 ? title : title + ", measurement " + m + " of " + repeats, results);
            measurements.add(results);
        }
        if (repeats > 1) {
            printSpread(title, measurements);
        }
    }

    /**
     * How each server's ratios to the ceiling and to the floor spread over the measurements of
     * one table: the machine moves one measurement's ratio by several hundredths, so a target
     * near a ratio is judged on many measurements, not on one.
     */
    private static void printSpread(String title, List<List<Result>> measurements) {
        System.out.println("## " + title + ": the ratios of " + measurements.size() + " measurements");
        System.out.println();
        System.out.printf(Locale.ROOT, "| server | to | mean | median | std dev | lowest | highest | at or above %.2f |%n",
                TARGET);
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Result> first = measurements.get(0);
        for (String base : new String[] {"ceiling", "floor"}) {
            if (named(first, base) == null) {
                continue;
            }
            for (Result server : first) {
                if (server.server.equals(base)) {
                    continue;
                }
                double[] ratios = measurements.stream()
                        .mapToDouble(m -> named(m, server.server).rps() / named(m, base).rps()).sorted().toArray();
                double mean = Arrays.stream(ratios).average().orElse(0);
                double variance = Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).sum() / (ratios.length - 1);
                int n = ratios.length;
                double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
                long atTarget = Arrays.stream(ratios).filter(r -> r >= TARGET).count();
                System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.2f | %.3f | %.2f | %.2f | %d of %d |%n",
                        server.server, base, mean, median, Math.sqrt(variance), ratios[0], ratios[n - 1], atTarget, n);
            }
        }
        System.out.println();
    }

    /** See {@link #table}: each server measured for {@code total} seconds, in turns. */
    private List<Result> inTurns(String[] servers, Workload workload, double total) throws Exception {
        List<List<Result>> slices = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            slices.add(new ArrayList<>());
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < servers.length; k++) {
                int i = (round + k) % servers.length;
                slices.get(i).add(measure(servers[i], workload, total / ROUNDS));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            results.add(Result.sum(servers[i], slices.get(i)));
        }
        return results;
    }

    /** Renders every page once (concurrently: each render takes the heavy step). */
    private void warm(String server, int pages) throws Exception {
        AtomicInteger next = new AtomicInteger();
        runConnections(Math.min(connections, pages), c -> {
            for (int p = next.getAndIncrement(); p < pages; p = next.getAndIncrement()) {
                c.exchange("GET", "/" + server + "/books/" + p, null);
            }
        });
    }

    private Result measure(String server, Workload workload, double forSeconds) throws Exception {
        // The load runs RAMP_SECONDS before it is measured: in turns, a server sits idle while
        // the others are measured, long enough for its near copies to run out, which a server
        // under steady load never sees.
        long start = System.nanoTime() + (long) (RAMP_SECONDS * 1e9);
        long deadline = start + (long) (forSeconds * 1e9);
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        long[] cpuAtStart = new long[1];
        Thread meter = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000));
                cpuAtStart[0] = serverCpuNanos();
            } catch (Exception e) {
                cpuAtStart[0] = -1;
            }
        });
        meter.start();
        runConnections(connections, c -> {
            Latencies mine = new Latencies();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < start) {
                c.exchange("GET", workload.path(server, random), null);
            }
            while (System.nanoTime() < deadline && count.incrementAndGet() <= MAX_REQUESTS) {
                long t0 = System.nanoTime();
                if (c.exchange("GET", workload.path(server, random), null) != 200) {
                    errors.incrementAndGet();
                }
                mine.add(System.nanoTime() - t0);
            }
            mine.addTo(samples);
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        meter.join();
        long cpu = cpuAtStart[0] < 0 ? -1 : serverCpuNanos() - cpuAtStart[0];
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(server, all.length, elapsed, all, errors.get(), "", cpu, new double[0]);
    }

    /** The CPU time the server's JVM has used so far: all its threads, the near cache's refreshes too. */
    private long serverCpuNanos() throws IOException {
        try (HttpConnection admin = new HttpConnection("127.0.0.1", port)) {
            admin.exchange("GET", "/ceiling/admin/cpu", null);
            return Long.parseLong(admin.bodyText().trim());
        }
    }

    /**
     * Every request a page never asked for before: the miss path, against the same page with no
     * cache ({@code plain}: the heavy step plus the application's own time). The difference of
     * the p50s is what rendering through the filter (lookup, lock, capture) costs the client.
     */
    private void misses() throws Exception {
        AtomicLong ids = new AtomicLong(2_000_000);
        String[] servers = {"plain", "viewcache", "near"};
        Workload newPage = (s, random) -> "/" + s + "/books/" + ids.incrementAndGet();
        for (String server : servers) {
            measure(server, newPage, seconds / 4.0); // warm-up
        }
        List<Result> measured = inTurns(servers, newPage, seconds / 2.0);
        double plainP50 = measured.get(0).percentileMillis(0.50);
        List<Result> results = new ArrayList<>();
        for (Result r : measured) {
            String note = r.server.equals("plain") ? "no cache: heavy step plus the app's own time"
                    : String.format(Locale.ROOT, "p50 %+.2f ms over plain", r.percentileMillis(0.50) - plainP50);
            results.add(new Result(r.server, r.requests, r.seconds, r.latenciesNanos, r.errors, note, r.cpuNanos,
                    r.roundRps));
        }
        print("All misses: every request a new page", results);
    }

    /** 95% reads, 5% PUTs over 100 pages; a sample of reads checks it sees the last completed write. */
    private void readWrite() throws Exception {
        List<Result> results = new ArrayList<>();
        for (String server : new String[] {"viewcache", "near"}) {
            warm(server, 100);
            AtomicIntegerArray written = new AtomicIntegerArray(100);
            AtomicLong stale = new AtomicLong();
            AtomicLong checked = new AtomicLong();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<long[]> samples = new ArrayList<>();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            runConnections(connections, c -> {
                Latencies mine = new Latencies();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    int page = random.nextInt(100);
                    String path = "/" + server + "/books/" + page;
                    long t0 = System.nanoTime();
                    if (random.nextInt(100) < 5) {
                        synchronized (written) {
                            // one writer per page at a time, so "last completed" is well defined
                            if (c.exchange("PUT", path, "{}".getBytes(StandardCharsets.UTF_8)) != 204) {
                                errors.incrementAndGet();
                            }
                            written.incrementAndGet(page);
                        }
                    } else {
                        boolean check = random.nextInt(10) == 0;
                        int floor = written.get(page);
                        if (c.exchange("GET", path, null) != 200) {
                            errors.incrementAndGet();
                        } else if (check) {
                            checked.incrementAndGet();
                            if (version(c.bodyText()) < floor) {
                                stale.incrementAndGet();
                            }
                        }
                    }
                    mine.add(System.nanoTime() - t0);
                }
                mine.addTo(samples);
            });
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            results.add(new Result(server, all.length, elapsed, all, errors.get(),
                    stale.get() + " stale of " + checked.get() + " checked reads"));
        }
        print("95% reads / 5% PUTs over 100 pages (each PUT makes its page miss: heavy step)", results);
    }

    static int version(String json) {
        int at = json.indexOf("\"version\":") + 10;
        int end = at;
        while (Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at, end));
    }

    /** 200 concurrent requests for one page nobody has asked for yet. */
    private void coldStart() throws Exception {
        List<Result> results = new ArrayList<>();
        for (String server : new String[] {"viewcache", "near"}) {
            try (HttpConnection admin = new HttpConnection("127.0.0.1", port)) {
                admin.exchange("POST", "/" + server + "/admin/clear", new byte[0]);
            }
            int clients = 200;
            CountDownLatch go = new CountDownLatch(1);
            long[] latencies = new long[clients];
            AtomicLong errors = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int me = i;
                Thread t = new Thread(() -> {
                    try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                        go.await();
                        long t0 = System.nanoTime();
                        if (c.exchange("GET", "/" + server + "/books/cold", null) != 200) {
                            errors.incrementAndGet();
                        }
                        latencies[me] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            String runs;
            try (HttpConnection admin = new HttpConnection("127.0.0.1", port)) {
                admin.exchange("GET", "/" + server + "/admin/heavy-runs", null);
                runs = admin.bodyText();
            }
            Arrays.sort(latencies);
            results.add(new Result(server, clients, elapsed, latencies, errors.get(), runs + " heavy-step runs"));
        }
        print("Cold start: 200 concurrent requests for one page", results);
    }

    /** Each connection's loop. */
    interface ConnectionLoop {
        void run(HttpConnection connection) throws Exception;
    }

    private void runConnections(int count, ConnectionLoop loop) throws Exception {
        runConnections(port, count, loop);
    }

    /** Runs {@code loop} on {@code count} connections to the loopback {@code port}, each on a thread of its own. */
    static void runConnections(int port, int count, ConnectionLoop loop) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                    loop.run(c);
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void print(String title, List<Result> results) {
        Result ceiling = named(results, "ceiling");
        Result floor = named(results, "floor");
        System.out.println("## " + title);
        System.out.println();
        System.out.println("| server | requests | req/s | p50 ms | p99 ms | server CPU µs/req | × ceiling | × floor"
                + " | errors | note |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Result r : results) {
            String note = r.note;
            if (r.server.equals("near")) {
                // What is left of the gap once the headers, and then any filter, are paid for.
                List<String> notes = new ArrayList<>();
                for (String base : new String[] {"ceiling-headers", "empty-filter"}) {
                    Result b = named(results, base);
                    if (b != null) {
                        notes.add(ratio(r, b) + " × " + base);
                    }
                }
                if (!notes.isEmpty()) {
                    note = String.join("; ", notes);
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %s | %s | %s | %d | %s |%n", r.server,
                    r.requests, r.rps(), r.percentileMillis(0.50), r.percentileMillis(0.99), r.cpuMicrosPerRequest(),
                    ceiling == null ? "" : ratio(r, ceiling), floor == null ? "" : ratio(r, floor), r.errors, note);
        }
        System.out.println();
        if (ceiling != null && ceiling.roundRps.length > 1) {
            System.out.printf(Locale.ROOT, "In brackets: the lowest and highest of the %d rounds' own ratios.%n%n",
                    ceiling.roundRps.length);
        }
    }

    private static Result named(List<Result> results, String server) {
        return results.stream().filter(r -> r.server.equals(server)).findFirst().orElse(null);
    }

    /**
     * {@code r}'s req/s over {@code base}'s, and, when both were measured in the same turns, in
     * brackets the lowest and highest ratio of one round's slices: how far the machine's drift
     * moved it within this run, which says how much a difference in the total can be trusted.
     */
    private static String ratio(Result r, Result base) {
        String total = String.format(Locale.ROOT, "%.2f", r.rps() / base.rps());
        if (r == base || r.roundRps.length < 2 || r.roundRps.length != base.roundRps.length) {
            return total;
        }
        double low = Double.MAX_VALUE;
        double high = 0;
        for (int i = 0; i < r.roundRps.length; i++) {
            double round = r.roundRps[i] / base.roundRps[i];
            low = Math.min(low, round);
            high = Math.max(high, round);
        }
        return String.format(Locale.ROOT, "%s (%.2f-%.2f)", total, low, high);
    }
}
