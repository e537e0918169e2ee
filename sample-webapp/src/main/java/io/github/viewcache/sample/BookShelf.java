package io.github.viewcache.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sample's data: books in the order they were added, safe under concurrent requests. */
public final class BookShelf {

    private final Map<String, BigDecimal> prices = new LinkedHashMap<>();

    public BookShelf() {
        prices.put("foo", new BigDecimal("100"));
    }

    synchronized List<Book> all() {
        List<Book> books = new ArrayList<>(prices.size());
        prices.forEach((name, price) -> books.add(new Book(name, price)));
        return books;
    }

    synchronized Optional<Book> find(String name) {
        BigDecimal price = prices.get(name);
        return price == null ? Optional.empty() : Optional.of(new Book(name, price));
    }

    /** @return false when a book of that name exists already */
    synchronized boolean add(Book book) {
        return prices.putIfAbsent(book.name(), book.price()) == null;
    }

    /** @return false when there is no such book */
    synchronized boolean reprice(String name, BigDecimal price) {
        return prices.replace(name, price) != null;
    }
}
