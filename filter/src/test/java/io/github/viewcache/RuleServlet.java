package io.github.viewcache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A page scripted by its query string, for the HTTP rule table: {@code h=Name:Value} adds a
 * response header (repeatable), {@code read=...} reads one personalisation signal,
 * {@code status=N}, {@code pad=N} adds N bytes of text, {@code gzipped} sends a body the
 * application compressed itself, {@code type=...} the Content-Type. The body says how many
 * times this exact request was rendered.
 */
final class RuleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();

    int renders(String query) {
        AtomicInteger n = renders.get(query);
        return n == null ? 0 : n.get();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int render = renders.computeIfAbsent(String.valueOf(req.getQueryString()), q -> new AtomicInteger())
                .incrementAndGet();
        String read = req.getParameter("read");
        if (read != null) {
            readSignal(req, read);
        }
        if (req.getParameter("status") != null) {
            resp.setStatus(Integer.parseInt(req.getParameter("status")));
        }
        String[] headers = req.getParameterValues("h");
        if (headers != null) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                resp.addHeader(h.substring(0, colon), h.substring(colon + 1));
            }
        }
        String type = req.getParameter("type");
        resp.setContentType(type != null ? type : "text/plain;charset=UTF-8");
        StringBuilder body = new StringBuilder("render ").append(render);
        if (req.getParameter("pad") != null) {
            int pad = Integer.parseInt(req.getParameter("pad"));
            for (int i = 0; body.length() < pad; i++) {
                body.append(" line ").append(i);
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = resp.getOutputStream();
        if (req.getParameter("gzipped") != null) {
            resp.setHeader("Content-Encoding", "gzip");
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(bytes);
            }
        } else {
            out.write(bytes);
        }
    }

    private static void readSignal(HttpServletRequest req, String signal) {
        switch (signal) {
            case "session":
                req.getSession();
                break;
            case "session-if-any":
                req.getSession(false);
                break;
            case "session-id":
                req.getRequestedSessionId();
                break;
            case "remote-user":
                req.getRemoteUser();
                break;
            case "principal":
                req.getUserPrincipal();
                break;
            case "role":
                req.isUserInRole("admin");
                break;
            case "auth-type":
                req.getAuthType();
                break;
            case "cookies":
                req.getCookies();
                break;
            case "cookie-header":
                req.getHeader("Cookie");
                break;
            case "cookie-header-upper":
                req.getHeader("COOKIE");
                break;
            case "cookie-headers":
                req.getHeaders("cookie");
                break;
            default:
                throw new IllegalArgumentException(signal);
        }
    }
}
