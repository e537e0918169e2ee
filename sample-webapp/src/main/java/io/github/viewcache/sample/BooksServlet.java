package io.github.viewcache.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.github.viewcache.ViewCache;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The seed article's Books API, done right: {@code GET/POST /books}, {@code GET/PUT
 * /books/{name}}. Each GET runs a slow "heavy" step, which ViewCache makes run once.
 *
 * <p>The writes evict the pages they change through {@link ViewCache}: POST the list, PUT the
 * book and the list (the seed forgot the list).
 */
public class BooksServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Context attribute holding an {@link AtomicInteger}: how many times the heavy step ran. */
    public static final String HEAVY_RUNS_ATTRIBUTE = "books.heavyRuns";

    static final long DEFAULT_HEAVY_MS = 10_000;

    /** Context attribute: a {@link BookShelf} to use instead of a new one (shared by servers in tests). */
    public static final String SHELF_ATTRIBUTE = "books.shelf";

    private transient BookShelf shelf;
    private transient AtomicInteger heavyRuns;
    private long heavyMillis;
    private boolean explicitEviction;

    @Override
    public void init() throws ServletException {
        heavyMillis = heavyMillis();
        Object shared = getServletContext().getAttribute(SHELF_ATTRIBUTE);
        shelf = shared instanceof BookShelf ? (BookShelf) shared : new BookShelf();
        // The filter's web.xml rules evict on their own; the calls here show the API. System
        // property books.explicit-eviction=false (or the init-param) turns them off.
        String explicit = System.getProperty("books.explicit-eviction", getInitParameter("explicit-eviction"));
        explicitEviction = explicit == null || !explicit.trim().equalsIgnoreCase("false");
        heavyRuns = new AtomicInteger();
        getServletContext().setAttribute(HEAVY_RUNS_ATTRIBUTE, heavyRuns);
        log("Books sample: the heavy step takes " + heavyMillis + " ms");
    }

    /** System property HEAVY_MS, then environment variable HEAVY_MS, then init-param heavy-ms. */
    private long heavyMillis() throws ServletException {
        String text = System.getProperty("HEAVY_MS");
        if (text == null) {
            text = System.getenv("HEAVY_MS");
        }
        if (text == null) {
            text = getInitParameter("heavy-ms");
        }
        if (text == null) {
            return DEFAULT_HEAVY_MS;
        }
        try {
            long ms = Long.parseLong(text.trim());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ServletException("HEAVY_MS must be a whole number of milliseconds, 0 or more, not [" + text + "]");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = bookName(req);
        heavyStep();
        if (name == null) {
            sendJson(resp, HttpServletResponse.SC_OK, toJson(shelf.all()));
            return;
        }
        Optional<Book> book = shelf.find(name);
        if (book.isPresent()) {
            sendJson(resp, HttpServletResponse.SC_OK, toJson(book.get()).toString());
        } else {
            sendText(resp, HttpServletResponse.SC_NOT_FOUND, "Book not found");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (bookName(req) != null) {
            resp.setHeader("Allow", "GET, HEAD, PUT");
            sendText(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "POST goes to /books");
            return;
        }
        Book book;
        try {
            book = BookRequests.newBook(body(req));
        } catch (BookRequests.BadRequest e) {
            sendText(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (!shelf.add(book)) {
            sendText(resp, HttpServletResponse.SC_CONFLICT, "A book named [" + book.name() + "] exists; PUT /books/"
                    + book.name() + " changes its price");
            return;
        }
        if (explicitEviction) {
            ViewCache.from(getServletContext()).evict("/books");
        }
        resp.setHeader("Location", req.getContextPath() + "/books/" + book.name());
        sendJson(resp, HttpServletResponse.SC_CREATED, toJson(shelf.all()));
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = bookName(req);
        if (name == null) {
            resp.setHeader("Allow", "GET, HEAD, POST");
            sendText(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "PUT goes to /books/{name}");
            return;
        }
        BigDecimal price;
        try {
            price = BookRequests.newPrice(body(req), name);
        } catch (BookRequests.BadRequest e) {
            sendText(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (!shelf.reprice(name, price)) {
            sendText(resp, HttpServletResponse.SC_NOT_FOUND, "Book not found");
            return;
        }
        if (explicitEviction) {
            ViewCache cache = ViewCache.from(getServletContext());
            cache.evict("/books/" + name);
            cache.evict("/books");
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** The {name} of /books/{name}, or null for /books itself. */
    private static String bookName(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            return null;
        }
        return info.substring(1);
    }

    private void heavyStep() {
        heavyRuns.incrementAndGet();
        try {
            Thread.sleep(heavyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String body(HttpServletRequest req) throws IOException {
        return new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String toJson(List<Book> books) {
        JsonArray array = new JsonArray();
        books.forEach(b -> array.add(toJson(b)));
        return array.toString();
    }

    private static JsonObject toJson(Book book) {
        JsonObject json = new JsonObject();
        json.addProperty("name", book.name());
        json.addProperty("price", book.price());
        return json;
    }

    private static void sendJson(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.getWriter().write(json);
    }

    private static void sendText(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(text);
    }
}
