package io.github.viewcache.sample;

import static io.github.viewcache.testing.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

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
        redis.awaitRendersDone("view//books");

        assertTrue(redis.client().hexists("view//books", ""));
        long ttl = redis.client().ttl("view//books");
        assertTrue(ttl > 0 && ttl <= 300, "ttl " + ttl);
    }

    @Test
    void putRemovesTheBookAndTheListFromRedis() throws Exception {
        get(uri("/books"));
        get(uri("/books/foo"));

        put("/books/foo", "{\"price\":1}");

        // Only the raised generation is left of each page, for a while, as a tombstone.
        assertEquals(Set.of("\u0000gen"), redis.client().hkeys("view//books"));
        assertEquals(Set.of("\u0000gen"), redis.client().hkeys("view//books/foo"));
    }
}
