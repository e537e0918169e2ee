package io.github.viewcache;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Each path is one way of using the response API, answered the same on every request. */
final class BehaviourServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    final transient CountDownLatch finishStream = new CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object included = req.getAttribute("jakarta.servlet.include.path_info");
        String name = (included != null ? included.toString() : req.getPathInfo()).substring(1);
        switch (name) {
            case "content-length": {
                byte[] body = "exact length".getBytes(StandardCharsets.US_ASCII);
                resp.setContentType("text/plain");
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
                break;
            }
            case "content-length-long": {
                byte[] body = "exact long length".getBytes(StandardCharsets.US_ASCII);
                resp.setContentLengthLong(body.length);
                resp.getOutputStream().write(body);
                break;
            }
            case "flush-midway": {
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter w = resp.getWriter();
                w.write("<p>head</p>");
                resp.flushBuffer();
                w.write("<p>tail</p>");
                break;
            }
            case "reset": {
                resp.setHeader("X-Draft", "1");
                resp.setStatus(500);
                resp.getWriter().write("draft");
                resp.reset();
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getWriter().write("after reset");
                break;
            }
            case "reset-buffer": {
                resp.setHeader("X-Kept", "1");
                resp.getOutputStream().write("draft".getBytes(StandardCharsets.US_ASCII));
                resp.resetBuffer();
                resp.getOutputStream().write("after resetBuffer".getBytes(StandardCharsets.US_ASCII));
                break;
            }
            case "send-error":
                resp.sendError(404, "no such thing");
                break;
            case "send-redirect":
                resp.sendRedirect("elsewhere?x=1");
                break;
            case "headers": {
                resp.setContentType("application/json");
                resp.setCharacterEncoding("UTF-8");
                resp.setHeader("X-One", "a");
                resp.addHeader("X-Many", "1");
                resp.addHeader("X-Many", "2");
                resp.setIntHeader("X-Int", 7);
                resp.setDateHeader("X-Date", 0);
                resp.getWriter().write("{\"ok\":true}");
                break;
            }
            case "stream": {
                OutputStream out = resp.getOutputStream();
                out.write("first part;".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    finishStream.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("second part".getBytes(StandardCharsets.US_ASCII));
                break;
            }
            case "forward":
                try {
                    req.getRequestDispatcher("/with/headers").forward(req, resp);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
                break;
            case "include":
                try {
                    resp.getWriter().write("outer;");
                    req.getRequestDispatcher("/with/headers").include(req, resp);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
                break;
            default:
                resp.sendError(404);
        }
    }
}
