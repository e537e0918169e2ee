package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.PrivateRedis;

class BooksOnRedisTest extends BooksSampleTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Override
    void chooseStore() {
        System.setProperty("viewcache.redis-url", redis.url());
    }

    @Test
    void theListIsStoredUnderViewSlashSlashBooksWithTheWebXmlTimeout() throws Exception {
        get(uri("/books"));

        assertTrue(redis.client().exists("view//books"));
        long ttl = redis.client().ttl("view//books");
        assertTrue(ttl > 0 && ttl <= 300, "ttl " + ttl);
    }

    @Test
    void putRemovesTheBookAndTheListFromRedis() throws Exception {
        get(uri("/books"));
        get(uri("/books/foo"));

        put("/books/foo", "{\"price\":1}");

        assertFalse(redis.client().exists("view//books"));
        assertFalse(redis.client().exists("view//books/foo"));
    }
}
