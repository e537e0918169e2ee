package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.JettyServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A 100 MB page streams through the filter with flat heap: proven in a JVM whose whole heap is
 * 64 MB, which could not hold the page, let alone a copy of it.
 */
class LargeResponseTest {

    static final long SIZE = 100L * 1024 * 1024;

    /** Writes {@link #SIZE} bytes in 64 KiB chunks. */
    static final class HugeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/octet-stream");
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = resp.getOutputStream();
            for (long written = 0; written < SIZE; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    /** Runs in the small JVM: serves the page through the filter and reads it back. */
    public static void main(String[] args) throws Exception {
        try (JettyServer server = new JettyServer()
                .filter("huge", Map.of("store", "memory"), "/huge/*").servlet(new HugeServlet(), "/huge/*").start()) {
            for (int round = 0; round < 2; round++) {
                HttpURLConnection c = (HttpURLConnection) new URL(server.uri("/huge/file").toString()).openConnection();
                long total = 0;
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = c.getInputStream()) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        total += n;
                    }
                }
                System.out.println("round " + round + " " + c.getHeaderField("X-Cache") + " " + total);
            }
        }
    }

    @Test
    void aHundredMegabytePageStreamsThroughA64MegabyteHeapAndIsNotStored() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LargeResponseTest.class.getName())).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("round 0 MISS " + SIZE), output);
        assertTrue(output.contains("round 1 MISS " + SIZE), "too large to store: " + output);
    }

    @Test
    void theCopyForTheCacheNeverHoldsMoreThanMaxEntryBytes() {
        CaptureBuffer copy = new CaptureBuffer(1000);
        byte[] chunk = new byte[300];
        copy.write(chunk, 0, chunk.length);
        copy.write(chunk, 0, chunk.length);
        copy.write(chunk, 0, chunk.length);
        assertEquals(900, copy.size());
        assertTrue(copy.array().length <= 1000, "never grown past the bound");
        copy.write(chunk, 0, chunk.length);
        assertTrue(copy.overflowed());
        assertEquals(null, copy.array(), "let go of what it had");
    }
}
