package io.github.viewcache.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisProcess} for one test class, emptied before each test:
 * {@code @RegisterExtension static final PrivateRedis redis = new PrivateRedis();}
 */
public final class PrivateRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private RedisProcess process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Called for the class and again for each of its nested classes: one process for all.
        if (process == null) {
            process = RedisProcess.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes end before their outer class: the outer one's end stops the process.
        if (process != null && context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            process.close();
            process = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!process.isRunning()) {
            process.restart(); // a previous test killed it
        }
        process.flushAll();
    }

    public RedisProcess process() {
        return process;
    }

    public String url() {
        return process.url();
    }

    public redis.clients.jedis.RedisClient client() {
        return process.client();
    }

    /**
     * Waits until no render of {@code page} holds its lock. A miss is answered before its entry
     * is stored, and the lock is released only after the store: a test that reads Redis right
     * after a miss waits for this first. Fails after 10 s.
     */
    public void awaitRendersDone(String page) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (client().hkeys(page).stream().anyMatch(field -> field.startsWith("\u0000lock\u0000"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a render of " + page + " still holds its lock after 10 s");
            }
            Thread.sleep(2);
        }
    }
}
