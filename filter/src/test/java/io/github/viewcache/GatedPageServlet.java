package io.github.viewcache;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A slow page whose renders the test holds at will: each render counts itself, says it has
 * started, and, while the gate is closed, waits for the test to open it. {@code fail} makes it
 * answer 500, or throw.
 */
final class GatedPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    final AtomicInteger renders;
    transient volatile CountDownLatch started = new CountDownLatch(1);
    transient volatile CountDownLatch gate = new CountDownLatch(0);
    volatile String content = "v1";
    volatile String fail = "";

    GatedPageServlet(AtomicInteger renders) {
        this.renders = renders;
    }

    /** Holds every render from now on until {@link #open()}; {@link #started} waits for the next one. */
    void close() {
        started = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        renders.incrementAndGet();
        String body = content;
        CountDownLatch myGate = gate; // read before saying we started, so a later swap cannot open it
        started.countDown();
        try {
            myGate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fail.equals("500")) {
            resp.sendError(500, "the database is down");
            return;
        }
        if (fail.equals("throw")) {
            throw new IllegalStateException("the database is down");
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(body);
    }
}
