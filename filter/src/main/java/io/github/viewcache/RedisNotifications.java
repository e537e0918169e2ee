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
import redis.clients.jedis.BinaryJedisShardedPubSub;

/**
 * One Redis pub/sub subscription per Redis client, for what servers tell each other: the end of
 * every render lock, so that requests waiting for a page (on any server) wake the moment it
 * lands; and every page eviction, so that near caches drop their copy within milliseconds.
 *
 * <p>On a Redis Cluster the channels are sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis
 * 7): both hash to one slot, so an announcement goes to the one master that owns it (and its
 * replicas), where classic pub/sub would copy every one to every node of the cluster. Its
 * subscribers follow the slot through fail-overs and migrations by subscribing again.
 */
final class RedisNotifications {

    private static final Logger LOG = Logger.getLogger(RedisNotifications.class.getName());

    static final String RENDER_DONE = "viewcache:render-done";
    static final String EVICTED = "viewcache:evicted";
    /** The cluster's names: the hash tag puts both in one slot, so one SSUBSCRIBE takes both. */
    static final String SHARDED_RENDER_DONE = "viewcache:{viewcache}:render-done";
    static final String SHARDED_EVICTED = "viewcache:{viewcache}:evicted";

    static byte[] renderDone(boolean sharded) {
        return (sharded ? SHARDED_RENDER_DONE : RENDER_DONE).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] evicted(boolean sharded) {
        return (sharded ? SHARDED_EVICTED : EVICTED).getBytes(StandardCharsets.UTF_8);
    }

    private final RedisConnection redis;
    private final long retryMillis;
    private final ConcurrentHashMap<String, Set<CountDownLatch>> waiters = new ConcurrentHashMap<>();
    private final List<Consumer<String>> evictionListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> interruptionListeners = new CopyOnWriteArrayList<>();
    private final Subscriber subscriber = new Subscriber();
    private final ShardedSubscriber shardedSubscriber = new ShardedSubscriber();
    private final boolean sharded;
    private final Thread thread;
    private volatile boolean closed;

    private final class Subscriber extends BinaryJedisPubSub {
        @Override
        public void onMessage(byte[] channel, byte[] message) {
            received(channel, message);
        }
    }

    private final class ShardedSubscriber extends BinaryJedisShardedPubSub {
        @Override
        public void onSMessage(byte[] channel, byte[] message) {
            received(channel, message);
        }
    }

    private void received(byte[] channel, byte[] message) {
        String key = new String(message, StandardCharsets.UTF_8);
        String name = new String(channel, StandardCharsets.UTF_8);
        if (EVICTED.equals(name) || SHARDED_EVICTED.equals(name)) {
            evictionListeners.forEach(listener -> listener.accept(key));
            return;
        }
        Set<CountDownLatch> latches = waiters.remove(key);
        if (latches != null) {
            latches.forEach(CountDownLatch::countDown);
        }
    }

    RedisNotifications(RedisConnection redis, long retryMillis) {
        this.redis = redis;
        this.sharded = redis.isCluster();
        this.retryMillis = retryMillis;
        this.thread = new Thread(this::listen, "viewcache-render-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        boolean reported = false;
        while (!closed) {
            try {
                if (sharded) {
                    // Returns when the slot moved (its node unsubscribes us): subscribe again there.
                    redis.clusterClient().ssubscribe(shardedSubscriber, renderDone(true), evicted(true));
                } else {
                    redis.client().subscribe(subscriber, renderDone(false), evicted(false));
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!reported) {
                    LOG.log(Level.FINE, "render notifications interrupted; resubscribing", e);
                    reported = true;
                }
                interruptionListeners.forEach(Runnable::run);
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

    /** Called each time the subscription is cut (the connection broke, its node failed over). */
    void addInterruptionListener(Runnable listener) {
        interruptionListeners.add(listener);
    }

    void removeInterruptionListener(Runnable listener) {
        interruptionListeners.remove(listener);
    }

    void close() {
        closed = true;
        try {
            if (subscriber.isSubscribed()) {
                subscriber.unsubscribe();
            }
            if (shardedSubscriber.isSubscribed()) {
                shardedSubscriber.sunsubscribe();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "unsubscribing", e);
        }
        thread.interrupt();
    }
}
