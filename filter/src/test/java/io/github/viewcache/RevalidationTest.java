package io.github.viewcache;

import static io.github.viewcache.testing.Http.get;
import static io.github.viewcache.testing.Http.header;
import static io.github.viewcache.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.viewcache.testing.InitParams;
import io.github.viewcache.testing.JettyServer;
import io.github.viewcache.testing.PrivateRedis;

/**
 * An expired entry with a validator is asked about with If-None-Match; a 304 renews it and
 * the client gets the whole stored page; a changed page replaces it. On both stores.
 */
class RevalidationTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    abstract static class Suite {
        final AtomicLong now = new AtomicLong(1_800_000_000_000L);
        final ValidatorsServlet page = new ValidatorsServlet();
        JettyServer server;

        abstract Map<String, String> storeParams();

        void start(String... params) throws Exception {
            server = new JettyServer().filter("revalidating", new ResponseCachingFilter(now::get),
                    InitParams.of(storeParams(), params), "/v/*").servlet(page, "/v/*").start();
        }

        @AfterEach
        void stop() throws Exception {
            server.close();
        }

        HttpResponse<byte[]> request(String... headers) throws Exception {
            return get(server.uri("/v/page"), headers);
        }

        /** Stores the page, then lets it expire (max-age=60). */
        void storedThenExpired() throws Exception {
            assertEquals("MISS", header(request(), "X-Cache"));
            redisSettles();
            assertEquals("HIT", header(request(), "X-Cache"));
            now.addAndGet(61_000);
        }

        void redisSettles() throws InterruptedException {
            if (storeParams().containsKey("redis-url")) {
                redis.awaitRendersDone("view//v/page");
            }
        }

        @Test
        void a304RenewsTheEntryWithItsFieldsAndTheClientGetsTheWholePage() throws Exception {
            start();
            storedThenExpired();

            HttpResponse<byte[]> revalidated = request();

            assertEquals(200, revalidated.statusCode());
            assertEquals("v1", text(revalidated));
            assertEquals("REVALIDATED", header(revalidated, "X-Cache"));
            assertTrue(header(revalidated, "Cache-Status").startsWith("ViewCache; fwd=stale; fwd-status=304; stored"),
                    header(revalidated, "Cache-Status"));
            assertEquals("1", header(revalidated, "X-Checked"), "the 304's fields");
            assertEquals(1, page.rendered.get(), "rendered once, asked once");
            assertEquals(1, page.notModified.get());

            redisSettles();
            HttpResponse<byte[]> next = request();
            assertEquals("HIT", header(next, "X-Cache"), "renewed for another max-age");
            assertEquals("v1", text(next));
            assertEquals("1", header(next, "X-Checked"));
            assertEquals("\"v1\"", header(next, "ETag"));
        }

        @Test
        void requestsThatComeWhileOneRevalidatesWaitForItOrGetTheStalePage() throws Exception {
            start("stale-seconds", "0");
            storedThenExpired();
            CountDownLatch hold = new CountDownLatch(1);
            page.hold304 = hold;
            CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(this::quietly);
            assertTrue(page.asked.await(10, TimeUnit.SECONDS));
            long waitsBefore = lockWaits(); // storing the first render may have made a request wait
            CompletableFuture<HttpResponse<byte[]>> second = CompletableFuture.supplyAsync(this::quietly);
            awaitLockWaits(waitsBefore + 1);

            hold.countDown();

            HttpResponse<byte[]> waited = second.get(10, TimeUnit.SECONDS);
            assertEquals("REVALIDATED", header(first.get(10, TimeUnit.SECONDS), "X-Cache"));
            assertEquals("v1", text(waited));
            assertTrue(header(waited, "Cache-Status").contains("collapsed"), header(waited, "Cache-Status"));
            assertEquals(1, page.notModified.get(), "asked once");
            assertEquals(1, page.rendered.get());
        }

        @Test
        void withStaleSecondsTheOthersGetTheStalePageWhileOneRevalidates() throws Exception {
            start("stale-seconds", "30");
            storedThenExpired();
            CountDownLatch hold = new CountDownLatch(1);
            page.hold304 = hold;
            CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(this::quietly);
            assertTrue(page.asked.await(10, TimeUnit.SECONDS));

            HttpResponse<byte[]> meanwhile = request();

            hold.countDown();
            assertEquals("STALE", header(meanwhile, "X-Cache"));
            assertEquals("v1", text(meanwhile));
            assertEquals("REVALIDATED", header(first.get(10, TimeUnit.SECONDS), "X-Cache"));
            assertEquals(1, page.notModified.get());
        }

        /** How many requests have waited for a render lock (JMX LockWaits). */
        long lockWaits() throws Exception {
            javax.management.MBeanServer beans = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = beans.queryNames(new javax.management.ObjectName(
                    "io.github.viewcache:type=ResponseCachingFilter,name=\"revalidating\",*"), null).iterator().next();
            return (Long) beans.getAttribute(name, "LockWaits");
        }

        /** Waits until that many requests have waited for a render lock. Fails after 10 s. */
        void awaitLockWaits(long n) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lockWaits() < n) {
                assertTrue(System.nanoTime() < deadline, "no request waited for the revalidation in 10 s");
                Thread.sleep(2);
            }
        }

        HttpResponse<byte[]> quietly() {
            try {
                return request();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void aChangedPageReplacesTheEntry() throws Exception {
            start();
            storedThenExpired();
            page.version.set(2);

            HttpResponse<byte[]> changed = request();

            assertEquals("v2", text(changed));
            assertEquals("MISS", header(changed, "X-Cache"));
            assertEquals(0, page.notModified.get());
            redisSettles();
            assertEquals("v2", text(request()));
            assertEquals(2, page.rendered.get());
        }

        @Test
        void aClientsOwnConditionalReachesTheApplicationAsItIs() throws Exception {
            start();
            storedThenExpired();

            HttpResponse<byte[]> own = request("If-None-Match", "\"v1\"");

            assertEquals(304, own.statusCode());
            assertEquals("MISS", header(own, "X-Cache"));
        }

        @Test
        void a304ThatSaysNoStoreAnswersThePageButIsNotKept() throws Exception {
            start();
            storedThenExpired();
            page.cc304 = "no-store";

            HttpResponse<byte[]> revalidated = request();
            assertEquals("v1", text(revalidated));
            assertTrue(header(revalidated, "Cache-Status").endsWith("detail=not-stored"));

            page.cc304 = "max-age=60";
            HttpResponse<byte[]> again = request();
            assertEquals("REVALIDATED", header(again, "X-Cache"), "still the expired entry, asked again");
            assertEquals(2, page.notModified.get());
        }
    }

    @Nested
    class InMemory extends Suite {
        @Override
        Map<String, String> storeParams() {
            return Map.of("store", "memory");
        }
    }

    @Nested
    class OnRedis extends Suite {
        @Override
        Map<String, String> storeParams() {
            return Map.of("store", "redis", "redis-url", redis.url());
        }
    }
}
