package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * One Redis pub/sub subscription per Redis client, for what servers tell each other: the end of
 * every render lock, so that requests waiting for a page (on any server) wake the moment it
 * lands; and every page eviction, so that near caches drop their copy within milliseconds.
 */
final class RedisNotifications {

    private static final Logger LOG = Logger.getLogger(RedisNotifications.class.getName());

    static final String RENDER_DONE = "viewcache:render-done";
    static final String EVICTED = "viewcache:evicted";

    private final RedisClient client;
    private final long retryMillis;
    private final ConcurrentHashMap<String, Set<CountDownLatch>> waiters = new ConcurrentHashMap<>();
    private final List<Consumer<String>> evictionListeners = new CopyOnWriteArrayList<>();
    private final Subscriber subscriber = new Subscriber();
    private final Thread thread;
    private volatile boolean closed;

    private final class Subscriber extends BinaryJedisPubSub {
        @Override
        public void onMessage(byte[] channel, byte[] message) {
            String key = new String(message, StandardCharsets.UTF_8);
            if (EVICTED.equals(new String(channel, StandardCharsets.UTF_8))) {
                evictionListeners.forEach(listener -> listener.accept(key));
                return;
            }
            Set<CountDownLatch> latches = waiters.remove(key);
            if (latches != null) {
                latches.forEach(CountDownLatch::countDown);
            }
        }
    }

    RedisNotifications(RedisClient client, long retryMillis) {
        this.client = client;
        this.retryMillis = retryMillis;
        this.thread = new Thread(this::listen, "viewcache-render-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        boolean reported = false;
        while (!closed) {
            try {
                client.subscribe(subscriber, RENDER_DONE.getBytes(StandardCharsets.UTF_8),
                        EVICTED.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!reported) {
                    LOG.log(Level.FINE, "render notifications interrupted; resubscribing", e);
                    reported = true;
                }
                try {
                    Thread.sleep(retryMillis); // back off while Redis is away; waiters time out meanwhile
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** A latch counted down when the render of {@code key} ends; unregister it after waiting. */
    CountDownLatch register(String key) {
        CountDownLatch latch = new CountDownLatch(1);
        waiters.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(latch);
        return latch;
    }

    void unregister(String key, CountDownLatch latch) {
        waiters.computeIfPresent(key, (k, latches) -> {
            latches.remove(latch);
            return latches.isEmpty() ? null : latches;
        });
    }

    /** Called with each page key evicted, by any server, while subscribed. */
    void addEvictionListener(Consumer<String> listener) {
        evictionListeners.add(listener);
    }

    void removeEvictionListener(Consumer<String> listener) {
        evictionListeners.remove(listener);
    }

    void close() {
        closed = true;
        try {
            if (subscriber.isSubscribed()) {
                subscriber.unsubscribe();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "unsubscribing", e);
        }
        thread.interrupt();
    }
}
