package io.github.viewcache;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The pages the filter tests request, each a way an application may answer; counts renders per page. */
final class PagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Text in each charset the tests use, every char of it encodable there. */
    static final Map<String, String> TEXTS = Map.of(
            "UTF-8", "Grüße, 世界 — 🦩 café € ¥ ½\n",
            "UTF-16", "Grüße, 世界 — 🦩 café € ¥ ½\n",
            "Shift_JIS", "日本語のテキスト、ｶﾀｶﾅ\n",
            "ISO-8859-1", "Grüße, café ½ ÿ\n",
            "EUC-KR", "안녕하세요\n");

    /** ISO-8859-1 has no €, no 世 and no emoji: containers each replace them their own way. */
    static final String UNENCODABLE_IN_LATIN1 = "price: 5 € — 世界 🦩\n";

    private final transient Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();

    int renders(String page) {
        AtomicInteger n = renders.get(page);
        return n == null ? 0 : n.get();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String page = req.getPathInfo() == null ? "/" : req.getPathInfo();
        renders.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
        if (page.startsWith("/text/")) {
            String charset = page.substring("/text/".length());
            resp.setContentType("text/plain;charset=" + charset);
            resp.getWriter().print(TEXTS.get(charset));
            resp.getWriter().println(req.getQueryString());
        } else if (page.equals("/unencodable")) {
            resp.setContentType("text/plain;charset=ISO-8859-1");
            resp.getWriter().print(UNENCODABLE_IN_LATIN1);
        } else if (page.equals("/html-default-charset")) {
            resp.setContentType("text/html");
            resp.getWriter().write("<p>plain ascii " + req.getQueryString() + "</p>");
        } else if (page.equals("/binary")) {
            resp.setContentType("application/octet-stream");
            resp.addHeader("X-Custom", "one");
            resp.addHeader("X-Custom", "two");
            resp.setHeader("Keep-Alive", "timeout=5");
            resp.setHeader("Proxy-Authenticate", "Basic");
            OutputStream out = resp.getOutputStream();
            for (int round = 0; round < 4; round++) {
                for (int b = 0; b < 256; b++) {
                    out.write(b);
                }
            }
        } else if (page.startsWith("/status/")) {
            resp.setStatus(Integer.parseInt(page.substring("/status/".length())));
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("status page " + renders(page));
        } else if (page.equals("/cookie")) {
            resp.addCookie(new Cookie("session", "secret-" + renders(page)));
            resp.getWriter().write("hello " + renders(page));
        } else if (page.equals("/set-cookie-header")) {
            resp.setHeader("Set-Cookie", "session=secret-" + renders(page));
            resp.getWriter().write("hello " + renders(page));
        } else if (page.equals("/large")) {
            int size = Integer.parseInt(req.getParameter("bytes"));
            resp.setContentType("application/octet-stream");
            byte[] chunk = new byte[1000];
            OutputStream out = resp.getOutputStream();
            for (int written = 0; written < size; written += chunk.length) {
                java.util.Arrays.fill(chunk, (byte) (written / chunk.length));
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        } else if (page.equals("/send-error")) {
            resp.sendError(404, "gone");
        } else if (page.equals("/throw")) {
            throw new IllegalStateException("the page failed");
        } else if (page.equals("/reset-buffer")) {
            resp.getWriter().write("stale draft");
            resp.resetBuffer();
            resp.getWriter().write("final");
        } else if (page.equals("/async")) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    async.getResponse().getWriter().write("async " + renders(page));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                async.complete();
            });
        } else {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("page " + page + " render " + renders(page) + " query " + req.getQueryString());
        }
    }
}
