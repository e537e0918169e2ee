package io.github.viewcache;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Pages built the way legacy apps build them, by path: {@code /header} shows "Welcome <user>"
 * from the session or "Sign in" (asking {@code getSession(false)}), {@code /new-session} creates
 * a session and shows nothing of it (a JSP's default {@code session="true"}), {@code /token}
 * keeps a form token in a new session and shows it, {@code /link} links through
 * {@code encodeURL}, {@code /session-id} prints the session id, {@code /locale} reads a cookie,
 * {@code /late} commits its answer before it reads the session, and {@code /gated} reads the
 * session and then waits for the test. {@code /login?user=} (mapped outside the filter) signs
 * in. Every body ends with the page's render count.
 */
final class VisitorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ConcurrentHashMap<String, AtomicInteger> renders = new ConcurrentHashMap<>();
    /** One permit per render of {@code /gated} that has started. */
    final transient Semaphore gatedEntered = new Semaphore(0);
    transient volatile CountDownLatch gate = new CountDownLatch(0);

    int renders(String path) {
        AtomicInteger n = renders.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo();
        if (req.getServletPath().equals("/login")) {
            req.getSession().setAttribute("user", req.getParameter("user"));
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("signed in");
            return;
        }
        int render = renders.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        switch (path) {
            case "/header": {
                HttpSession session = req.getSession(false);
                Object user = session == null ? null : session.getAttribute("user");
                out.write(user == null ? "Sign in" : "Welcome " + user);
                break;
            }
            case "/new-session":
                req.getSession();
                out.write("Catalog");
                break;
            case "/token": {
                String token = UUID.randomUUID().toString();
                req.getSession().setAttribute("token", token);
                out.write("<input name=token value=" + token + ">");
                break;
            }
            case "/link":
                req.getSession();
                out.write("<a href=\"" + resp.encodeURL(req.getContextPath() + "/v/header") + "\">home</a>");
                break;
            case "/session-id":
                out.write("id " + req.getSession().getId());
                break;
            case "/locale": {
                String locale = "en";
                if (req.getCookies() != null) {
                    for (jakarta.servlet.http.Cookie c : req.getCookies()) {
                        if (c.getName().equals("locale")) {
                            locale = c.getValue();
                        }
                    }
                }
                out.write("locale " + locale);
                break;
            }
            case "/late":
                out.write("Early part");
                resp.flushBuffer();
                req.getSession(false);
                break;
            case "/gated": {
                req.getSession(false);
                CountDownLatch myGate = gate;
                gatedEntered.release();
                try {
                    myGate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("Gated");
                break;
            }
            default:
                resp.sendError(404);
                return;
        }
        out.write(" · render " + render);
    }
}
