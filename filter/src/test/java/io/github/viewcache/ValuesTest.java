package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.reflect.TypeToken;

import io.github.viewcache.testing.JettyServer;

/** The value and memoize API, the same on every store: subclasses name the store. */
abstract class ValuesTest {

    /** A value class of the application. */
    static final class Book {
        String name;
        int price;

        Book(String name, int price) {
            this.name = name;
            this.price = price;
        }
    }

    JettyServer server;
    ViewCache cache;

    abstract Map<String, String> storeParams();

    @BeforeEach
    void start() throws Exception {
        server = new JettyServer().filter("values", storeParams(), "/pages/*")
                .servlet(new PagesServlet(), "/pages/*").start();
        cache = ViewCache.from(server.servletContext());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void stringsObjectsAndGenericTypesComeBackAsStored() {
        assertTrue(cache.set("greeting", "hello", 60));
        assertTrue(cache.set("book", new Book("foo", 100), 60));
        assertTrue(cache.set("books", List.of(new Book("a", 1), new Book("b", 2)), 60));

        assertEquals("hello", cache.get("greeting", String.class));
        assertEquals(100, cache.get("book", Book.class).price);
        List<Book> books = cache.get("books", new TypeToken<List<Book>>() { }.getType());
        assertEquals("b", books.get(1).name);
    }

    @Test
    void aStoredNullIsAHitAndAMissIsNot() {
        cache.set("nothing", null, 60);

        assertTrue(cache.has("nothing"));
        CachedValue<String> hit = cache.lookup("nothing", String.class);
        assertNotNull(hit);
        assertNull(hit.get());
        assertFalse(cache.has("never-set"));
        assertNull(cache.lookup("never-set", String.class));
    }

    @Test
    void theStringNullIsNotANull() {
        cache.set("word", "null", 60);
        assertEquals("null", cache.get("word", String.class));
    }

    @Test
    void aValueThatCannotBeReadAsTheTypeIsAMiss() {
        cache.set("word", "not a number", 60);

        assertNull(cache.lookup("word", Integer.class));
        assertEquals("not a number", cache.get("word", String.class), "the value itself is left alone");
    }

    @Test
    void addStoresOnlyWhenTheKeyIsAbsent() {
        assertTrue(cache.add("k", "first", 60));
        assertFalse(cache.add("k", "second", 60));
        assertEquals("first", cache.get("k", String.class));
    }

    @Test
    void deleteRemovesEveryNamedKey() {
        cache.set("a", 1, 60);
        cache.set("b", 2, 60);
        cache.set("c", 3, 60);

        assertTrue(cache.delete("a", "b"));

        assertFalse(cache.has("a"));
        assertFalse(cache.has("b"));
        assertEquals(3, cache.get("c", Integer.class));
    }

    @Test
    void setManyAndGetManyKeepTheOrderAskedFor() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("x", 1);
        values.put("y", 2);
        assertTrue(cache.setMany(values, 60));

        assertEquals(Arrays.asList(2, null, 1), cache.getMany(Integer.class, "y", "missing", "x"));
    }

    @Test
    void incrementStartsFromZeroAndCountsEveryCallAcrossThreads() throws Exception {
        assertEquals(OptionalLong.of(5), cache.increment("hits", 5));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OptionalLong>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> cache.increment("hits")));
            }
            for (Future<OptionalLong> call : calls) {
                assertTrue(call.get().isPresent());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(OptionalLong.of(203), cache.decrement("hits", 2));
        assertEquals(203, cache.get("hits", Integer.class));
    }

    @Test
    void incrementOnSomethingOtherThanAnIntegerSaysSo() {
        cache.set("word", "five", 60);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.increment("word"));
        assertTrue(e.getMessage().contains("[word]"), e.getMessage());
    }

    @Test
    void aMemoizedFunctionRunsOncePerDistinctArguments() {
        AtomicInteger runs = new AtomicInteger();
        BiFunction<Integer, Integer, Integer> add = cache.memoize("heavy_func", 300, Integer.class,
                (Integer a, Integer b) -> {
                    runs.incrementAndGet();
                    return a + b;
                });

        assertEquals(3, add.apply(1, 2));
        assertEquals(3, add.apply(1, 2));
        assertEquals(3, add.apply(Integer.valueOf(1), Integer.valueOf(2)));
        assertEquals(1, runs.get());
        assertEquals(7, add.apply(3, 4));
        assertEquals(2, runs.get());
    }

    @Test
    void equalArgumentsHitWhateverObjectTheyAre() {
        AtomicInteger runs = new AtomicInteger();
        Function<Object, String> describe = cache.memoize("describe", 300, String.class, (Object o) -> {
            runs.incrementAndGet();
            return "seen " + o;
        });

        describe.apply(List.of(1, 2));
        describe.apply(Arrays.asList(1, 2));
        describe.apply(new java.util.ArrayList<>(List.of(1, 2)));

        assertEquals(1, runs.get());
    }

    @Test
    void deleteMemoizedWithoutArgumentsForgetsEveryResult() {
        AtomicInteger runs = new AtomicInteger();
        BiFunction<Integer, Integer, Integer> add = cache.memoize("heavy_func", 300, Integer.class,
                (Integer a, Integer b) -> runs.incrementAndGet() > 0 ? a + b : 0);
        add.apply(1, 2);
        add.apply(3, 4);

        assertTrue(cache.deleteMemoized("heavy_func"));
        add.apply(1, 2);
        add.apply(3, 4);

        assertEquals(4, runs.get());
    }

    @Test
    void deleteMemoizedWithArgumentsForgetsOnlyThatCall() {
        AtomicInteger runs = new AtomicInteger();
        BiFunction<Integer, Integer, Integer> add = cache.memoize("heavy_func", 300, Integer.class,
                (Integer a, Integer b) -> runs.incrementAndGet() > 0 ? a + b : 0);
        add.apply(1, 2);
        add.apply(3, 4);

        assertTrue(cache.deleteMemoized("heavy_func", 1, 2));
        add.apply(1, 2);
        add.apply(3, 4);

        assertEquals(3, runs.get());
    }

    @Test
    void aLoaderThatThrowsIsNotCachedAndItsExceptionReachesTheCaller() {
        AtomicInteger runs = new AtomicInteger();
        IllegalArgumentException thrown = new IllegalArgumentException("no such book");
        Function<String, String> find = cache.memoize("find", 300, String.class, (String name) -> {
            if (runs.incrementAndGet() == 1) {
                throw thrown;
            }
            return "found " + name;
        });

        IllegalArgumentException caught = assertThrows(IllegalArgumentException.class, () -> find.apply("foo"));
        assertEquals(thrown, caught);
        assertEquals("found foo", find.apply("foo"));
        assertEquals("found foo", find.apply("foo"));
        assertEquals(2, runs.get());
    }

    @Test
    void aMemoizedNullIsCachedToo() {
        AtomicInteger runs = new AtomicInteger();
        Function<String, String> find = cache.memoize("maybe", 300, String.class, (String name) -> {
            runs.incrementAndGet();
            return null;
        });

        assertNull(find.apply("x"));
        assertNull(find.apply("x"));
        assertEquals(1, runs.get());
    }

    @Test
    void clearRemovesValuesAndMemoizedResults() {
        AtomicInteger runs = new AtomicInteger();
        Function<Integer, Integer> twice = cache.memoize("twice", 300, Integer.class, (Integer a) -> {
            runs.incrementAndGet();
            return 2 * a;
        });
        twice.apply(1);
        cache.set("k", "v", 60);

        assertTrue(cache.clear());

        assertFalse(cache.has("k"));
        twice.apply(1);
        assertEquals(2, runs.get());
    }

    @Test
    void badArgumentsAreRefusedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> cache.set("", "v", 60));
        assertThrows(IllegalArgumentException.class, () -> cache.set("k", "v", -1));
        assertThrows(IllegalArgumentException.class, () -> cache.memoize("", 60, String.class, () -> "x"));
        assertThrows(IllegalArgumentException.class, () -> cache.evict("books"));
    }
}
