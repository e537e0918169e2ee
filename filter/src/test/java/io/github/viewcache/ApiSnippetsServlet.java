package io.github.viewcache;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.google.gson.reflect.TypeToken;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Java snippets of the README and docs/api.md, word for word, in the servlet a reader
 * would put them in (DocumentedApiSnippetsTest checks the pages still show this code). The
 * {@code connect(...)} ones name Redis hosts a test must not reach: they are compiled, not run.
 */
final class ApiSnippetsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** As the values snippet stores it. */
    static final class Book {
        final String name;
        final int price;

        Book(String name, int price) {
            this.name = name;
            this.price = price;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ViewCache cache = ViewCache.from(getServletContext());
        resp.setContentType("text/plain;charset=UTF-8");
        switch (req.getPathInfo()) {
            case "/values":
                resp.getWriter().write(values(cache));
                break;
            case "/memoize":
                resp.getWriter().write(String.valueOf(memoize(cache)));
                break;
            case "/evict":
                evictAndClear();
                resp.getWriter().write("done");
                break;
            default:
                resp.sendError(404);
        }
    }

    void readme() {
        ViewCache cache = ViewCache.from(getServletContext());
        cache.evict("/books");                               // every variant, in every filter
        cache.evict("/owners/1/**");                         // that page and every page below it
        cache.evictTag("item-42");                           // every page whose Surrogate-Key named it
        cache.set("greeting", "hello", 60);                  // values, as Flask-Caching's get/set
        BiFunction<Integer, Integer, Integer> add =          // memoize
                cache.memoize("add", 300, Integer.class, (Integer a, Integer b) -> a + b);
        try (ViewCache batch = ViewCache.connect("redis://cache:6379", "view/")) { batch.evict("/reports"); }
        add.apply(1, 2);
    }

    void evictAndClear() {
        ViewCache cache = ViewCache.from(getServletContext());
        cache.evict("/books");        // every variant (all query strings) of /books, in every filter
        cache.evict("/owners/1/**");  // /owners/1 and every page below it
        cache.evictTag("item-42");    // every page whose Surrogate-Key header named item-42
        cache.clear();                // everything the filters of this application stored
    }

    String values(ViewCache cache) {
        cache.set("greeting", "hello", 60);                 // ttl in seconds; 0 = no expiry
        cache.set("book", new Book("foo", 100));            // the filter's timeout
        String s = cache.get("greeting", String.class);
        List<Book> books = cache.get("books", new TypeToken<List<Book>>() { }.getType());
        cache.add("lock", "me", 10);                        // only if absent; true when stored
        cache.has("greeting");                              // a stored null counts
        CachedValue<String> v = cache.lookup("maybe", String.class); // null = miss; v.get() may be null
        cache.setMany(Map.of("a", 1, "b", 2), 60);          // one round trip
        List<Integer> ab = cache.getMany(Integer.class, "a", "b", "c"); // [1, 2, null]
        cache.increment("hits");  cache.decrement("stock", 3);          // atomic, OptionalLong
        cache.delete("a", "b");
        return s + " " + books + " " + v + " " + ab + " " + cache.get("book", Book.class).name;
    }

    int memoize(ViewCache cache) {
        BiFunction<Integer, Integer, Integer> add =
                cache.memoize("heavy_func", 300, Integer.class, (Integer a, Integer b) -> a + b);
        add.apply(1, 2);                        // computes, stores
        add.apply(1, 2);                        // from the cache, on every server sharing the Redis
        cache.deleteMemoized("heavy_func", 1, 2); // forget that call only
        cache.deleteMemoized("heavy_func");       // forget every result
        return add.apply(2, 3);
    }

    /** As the README tags a page. */
    static final class Item {
        String getId() {
            return "42";
        }
    }

    void tagged(HttpServletResponse response, Item item) {
        response.setHeader("Surrogate-Key", "item-" + item.getId() + " catalog");
    }

    void outsideTheContainer() {
        try (ViewCache cache = ViewCache.connect("redis://cache.internal:6379", "view/")) {
            cache.evict("/reports/daily");
        }
    }
}
