package io.github.viewcache;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A legacy-shaped application whose pages repeat data kept elsewhere, for invalidation tests.
 * One {@link Data} is the database several servers share; each server has its own servlet.
 *
 * <ul>
 * <li>{@code GET /owners/{o}}, {@code /owners/{o}/pets/{p}/edit}, {@code /owners/{o}/pets/{p}/visits/new}:
 *     each shows the owner's name; {@code POST /owners/{o}/edit?name=...} renames (and redirects).
 * <li>{@code GET /catalog/viewItem?itemId=...}: an item and its stock; {@code POST /order/new?itemId=...}
 *     places an order, taking one from the stock.
 * <li>{@code GET /tagged/items/{i}}: an item with its stock, tagged {@code item-{i} catalog};
 *     {@code PUT /api/items/{i}?stock=N} sets the stock.
 * </ul>
 */
final class ClinicAndShop extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The shared database. */
    static final class Data {
        final Map<String, String> owners = new ConcurrentHashMap<>(Map.of("1", "Franklin", "2", "Davis"));
        final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of("EST-1", 10, "EST-2", 20));
        /** How many times a page was rendered, by path and query. */
        final Map<String, AtomicInteger> renders = new ConcurrentHashMap<>();
        /** Set to hold a tagged page's render after it has read its data, until counted down. */
        volatile CountDownLatch holdRender;
        final CountDownLatch renderHeld = new CountDownLatch(1);

        int renders(String pathAndQuery) {
            AtomicInteger n = renders.get(pathAndQuery);
            return n == null ? 0 : n.get();
        }
    }

    private final transient Data data;

    ClinicAndShop(Data data) {
        this.data = data;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = CacheKeys.pathOf(req);
        String query = req.getQueryString();
        data.renders.computeIfAbsent(query == null ? path : path + "?" + query, k -> new AtomicInteger())
                .incrementAndGet();
        String[] s = path.split("/");
        resp.setContentType("text/plain;charset=UTF-8");
        String body;
        if (s[1].equals("owners")) {
            String owner = data.owners.get(s[2]);
            body = s.length == 3 ? "owner " + owner
                    : s.length == 6 && s[5].equals("edit") ? "pet " + s[4] + " of " + owner
                    : "visit for pet " + s[4] + " of " + owner;
        } else if (path.equals("/catalog/viewItem")) {
            String item = req.getParameter("itemId");
            body = "item " + item + " stock " + data.stock.get(item);
        } else if (s[1].equals("tagged")) {
            String item = s[3];
            body = "item " + item + " stock " + data.stock.get(item);
            resp.setHeader("Surrogate-Key", "item-" + item + " catalog");
            CountDownLatch hold = data.holdRender;
            if (hold != null) {
                data.renderHeld.countDown();
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } else {
            resp.sendError(404);
            return;
        }
        resp.getWriter().write(body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = CacheKeys.pathOf(req);
        String[] s = path.split("/");
        if (s[1].equals("owners") && s.length == 4 && s[3].equals("edit")) {
            data.owners.put(s[2], req.getParameter("name"));
            resp.sendRedirect(req.getContextPath() + "/owners/" + s[2]);
        } else if (path.equals("/order/new")) {
            data.stock.merge(req.getParameter("itemId"), -1, Integer::sum);
            resp.setStatus(201);
        } else {
            resp.sendError(404);
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = CacheKeys.pathOf(req);
        if (path.startsWith("/api/items/")) {
            data.stock.put(path.substring("/api/items/".length()), Integer.parseInt(req.getParameter("stock")));
            resp.setStatus(204);
        } else {
            resp.sendError(404);
        }
    }
}
