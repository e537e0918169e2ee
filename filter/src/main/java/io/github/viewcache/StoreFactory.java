package io.github.viewcache;

/** Opens the store a filter's settings ask for. */
final class StoreFactory {

    private StoreFactory() {
    }

    static Store open(FilterSettings settings, Clock clock) {
        switch (settings.store) {
            case MEMORY:
                return new MemoryStore(settings.memoryMaxBytes, clock);
            case NONE:
                return new NoStore();
            case REDIS:
            default:
                return new RedisStore(SharedRedisClients.acquire(settings.redisUrl, settings.redisTimeoutMs,
                        settings.redisPoolSize), clock);
        }
    }
}
