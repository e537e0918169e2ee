package io.github.viewcache;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A page with a validator, as an application that answers conditional requests has: body
 * {@code v<version>}, {@code ETag "v<version>"}; a request whose {@code If-None-Match} names
 * the current version is answered 304 with {@code X-Checked: <how many 304s so far>} and the
 * {@code Cache-Control} of {@code cc304} (default {@code max-age=60}).
 */
final class ValidatorsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    final AtomicInteger version = new AtomicInteger(1);
    final AtomicInteger rendered = new AtomicInteger();
    final AtomicInteger notModified = new AtomicInteger();
    volatile String cc304 = "max-age=60";
    /** When set, a 304 waits for it (after counting down {@link #asked}). */
    volatile java.util.concurrent.CountDownLatch hold304;
    final java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String etag = "\"v" + version.get() + "\"";
        if (etag.equals(req.getHeader("If-None-Match"))) {
            java.util.concurrent.CountDownLatch hold = hold304;
            if (hold != null) {
                asked.countDown();
                try {
                    hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            resp.setStatus(304);
            resp.setHeader("ETag", etag);
            resp.setHeader("Cache-Control", cc304);
            resp.setHeader("X-Checked", Integer.toString(notModified.incrementAndGet()));
            return;
        }
        rendered.incrementAndGet();
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setHeader("ETag", etag);
        resp.setHeader("Cache-Control", "max-age=60");
        resp.getWriter().write("v" + version.get());
    }
}
