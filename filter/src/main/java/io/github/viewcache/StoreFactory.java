package io.github.viewcache;

/** Opens the store, and the render locks, a filter's settings ask for. */
final class StoreFactory {

    private StoreFactory() {
    }

    /**
     * @param name the filter's name, for the log
     * @param stats where Redis failures are counted
     */
    static Store open(FilterSettings settings, Clock clock, String name, FilterStats stats) {
        switch (settings.store) {
            case MEMORY:
                return new MemoryStore(settings.memoryMaxBytes, clock);
            case NONE:
                return new NoStore();
            case REDIS:
            default:
                RedisConnection client = SharedRedisClients.acquire(settings.redisUrl,
                        settings.redisTimeoutMs, settings.redisPoolSize, settings.redisCaFile);
                RedisStore redis = new RedisStore(client, clock);
                boolean failsOver = settings.redisUrl.kind != RedisEndpoint.Kind.SINGLE;
                GuardedStore guarded = new GuardedStore(redis, name, settings.keyPrefix + "/", clock,
                        settings.redisRetryMs, stats, failsOver);
                if (failsOver) {
                    // A cut subscription is how a fail-over shows when no call of this server failed.
                    RedisNotifications notifications = SharedRedisClients.notificationsOf(client);
                    Runnable failedOver = guarded::failedOver;
                    notifications.addInterruptionListener(failedOver);
                    redis.onClose(() -> notifications.removeInterruptionListener(failedOver));
                }
                return guarded;
        }
    }

    /** Render locks shared as widely as the store: Redis for Redis, this JVM for memory. */
    static RenderLocks openLocks(FilterSettings settings, Store store) {
        switch (settings.store) {
            case REDIS: {
                RedisConnection client = SharedRedisClients.acquire(settings.redisUrl,
                        settings.redisTimeoutMs, settings.redisPoolSize, settings.redisCaFile);
                RenderLocks locks = new RedisRenderLocks(client, SharedRedisClients.notificationsOf(client));
                return new GuardedRenderLocks(locks, (GuardedStore) store); // what open() gives for Redis
            }
            case MEMORY:
            case NONE:
            default:
                return new LocalRenderLocks(store);
        }
    }

    /**
     * The near cache {@code near-cache-ms} asks for: with Redis only (a memory store is near
     * already), listening to the evictions every server announces.
     */
    static NearCache openNearCache(FilterSettings settings) {
        if (settings.store != StoreKind.REDIS || settings.nearCacheMs == 0) {
            return NearCache.OFF;
        }
        RedisConnection client = SharedRedisClients.acquire(settings.redisUrl,
                settings.redisTimeoutMs, settings.redisPoolSize, settings.redisCaFile);
        RedisNotifications notifications = SharedRedisClients.notificationsOf(client);
        NearCache[] near = new NearCache[1];
        java.util.function.Consumer<String> listener = page -> near[0].invalidate(page);
        near[0] = new NearCache(settings.nearCacheMs, settings.nearCacheMaxBytes, () -> {
            notifications.removeEvictionListener(listener);
            SharedRedisClients.release(client);
        });
        notifications.addEvictionListener(listener);
        return near[0];
    }
}
