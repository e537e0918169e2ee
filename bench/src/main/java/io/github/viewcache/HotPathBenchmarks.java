package io.github.viewcache;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces a hit or a miss pays for, alone: key building, entry encode and decode, the copy
 * kept while a page streams out, Cache-Control parsing. Run with
 * {@code java -jar bench/target/viewcache-bench.jar HotPath}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

    private final byte[] body = new byte[715];
    private final CachedResponse entry = new CachedResponse(200, Arrays.asList(
            new CachedResponse.Header("Content-Type", "application/json"),
            new CachedResponse.Header("ETag", "\"vc0123456789abcdefghijkl\""),
            new CachedResponse.Header("Last-Modified", "Tue, 24 Nov 2026 01:00:00 GMT"),
            new CachedResponse.Header("Cache-Control", "public, max-age=60")),
            1_700_000_000_000L, 1_700_000_300_000L, false, 715, body, 0, body.length);
    private final byte[] encoded = EntryCodec.encode(entry);
    private final List<String> cacheControl = Arrays.asList("public, max-age=60, stale-while-revalidate=30");

    @Benchmark
    public String canonicalQuery() {
        return CanonicalQuery.of("sort=name&page=3&q=caf%C3%A9+au+lait&b=2&a=1");
    }

    @Benchmark
    public byte[] encodeEntry() {
        return EntryCodec.encode(entry);
    }

    @Benchmark
    public CachedResponse decodeEntry() {
        return EntryCodec.decode(encoded);
    }

    @Benchmark
    public int captureCopy() {
        CaptureBuffer copy = new CaptureBuffer(1024 * 1024);
        copy.write(body, 0, 200);
        copy.write(body, 200, 315);
        copy.write(body, 515, 200);
        return copy.size();
    }

    @Benchmark
    public boolean parseCacheControl() {
        return CacheControl.parse(cacheControl).has("no-store");
    }
}
