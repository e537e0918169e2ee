package io.github.viewcache;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Data with one version number: every GET shows it, every write bumps it. A page still showing
 * an old version after a write came from the cache; one showing the new version was evicted.
 *
 * <p>A GET with {@code tags} tags the page with them ({@code Surrogate-Key}).
 *
 * <p>Write parameters: {@code status} (answer with it), {@code location} and
 * {@code content-location} (those headers),
 * {@code redirect} (sendRedirect there), {@code big} (answer with that many bytes, then wait
 * for {@link #finishBigAnswer} before returning), {@code async} (write and answer 201 with that
 * {@code Location} on another thread, after the filter has returned).
 */
final class VersionsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    final AtomicInteger version = new AtomicInteger(1);
    /** What an {@code async} write waits for before it writes and answers. */
    transient volatile CountDownLatch asyncGate = new CountDownLatch(0);
    final transient CountDownLatch finishBigAnswer = new CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        if (req.getParameter("tags") != null) {
            resp.setHeader("Surrogate-Key", req.getParameter("tags"));
        }
        resp.getWriter().write("v" + version.get());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (req.getMethod().equals("GET") || req.getMethod().equals("HEAD")) {
            super.service(req, resp);
            return;
        }
        if (req.getParameter("async") != null) {
            // The write happens, and its answer is made, after the filter has returned.
            jakarta.servlet.AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    asyncGate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                version.incrementAndGet();
                HttpServletResponse answer = (HttpServletResponse) async.getResponse();
                answer.setStatus(201);
                answer.setHeader("Location", req.getParameter("async"));
                try {
                    answer.getWriter().write("created");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                async.complete();
            });
            return;
        }
        version.incrementAndGet();
        if (req.getParameter("location") != null) {
            resp.setHeader("Location", req.getParameter("location"));
        }
        if (req.getParameter("content-location") != null) {
            resp.setHeader("Content-Location", req.getParameter("content-location"));
        }
        if (req.getParameter("redirect") != null) {
            resp.sendRedirect(req.getParameter("redirect"));
            return;
        }
        resp.setStatus(req.getParameter("status") == null ? 200 : Integer.parseInt(req.getParameter("status")));
        if (req.getParameter("big") != null) {
            OutputStream out = resp.getOutputStream();
            out.write(new byte[Integer.parseInt(req.getParameter("big"))]);
            out.flush();
            try {
                finishBigAnswer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        resp.getWriter().write("now v" + version.get());
    }
}
