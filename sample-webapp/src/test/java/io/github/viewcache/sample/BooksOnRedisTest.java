package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.viewcache.testing.RedisProcess;

class BooksOnRedisTest extends BooksSampleTest {

    static RedisProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    void chooseStore() {
        redis.flushAll();
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
