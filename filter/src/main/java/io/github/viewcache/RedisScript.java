package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Function;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Lua script called by its SHA1 (EVALSHA), so that Redis neither receives nor hashes its
 * text on every call; on the hot paths (a miss's lookup and lock, the store, the release) that
 * is most of what a call costs Redis besides the script's own work. Redis forgets scripts when
 * it restarts or is told SCRIPT FLUSH: it then answers NOSCRIPT, and the caller sends the text
 * ({@link #queue} with {@code withText}), which Redis keeps again.
 */
final class RedisScript {

    private final byte[] text;
    private final byte[] sha1;

    RedisScript(String text) {
        this.text = text.getBytes(StandardCharsets.UTF_8);
        this.sha1 = hex(sha1(this.text)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs the script, by its SHA1 or, when Redis does not know it, by its text. */
    Object run(UnifiedJedis client, List<byte[]> keys, List<byte[]> args) {
        return pipelined(withText -> withText ? client.eval(text, keys, args) : client.evalsha(sha1, keys, args));
    }

    /**
     * Queues the script in a pipeline: by its SHA1, or by its text when a first try was refused
     * with NOSCRIPT ({@link #pipelined}); nothing a refused script would have done has happened.
     */
    RedisBatch.Reply<Object> queue(RedisBatch pipeline, List<byte[]> keys, List<byte[]> args, boolean withText) {
        return withText ? pipeline.eval(text, keys, args) : pipeline.evalsha(sha1, keys, args);
    }

    /**
     * Runs a pipeline that queues scripts by their SHA1 ({@code pipeline} given false), and,
     * when Redis does not know one of them, again with their texts (given true). Only what may
     * be sent twice belongs in such a pipeline, besides the scripts.
     */
    static <T> T pipelined(Function<Boolean, T> pipeline) {
        try {
            return pipeline.apply(false);
        } catch (JedisDataException e) {
            if (!isUnknown(e)) {
                throw e;
            }
            return pipeline.apply(true);
        }
    }

    /** Whether Redis refused a call because it does not know the script (NOSCRIPT). */
    private static boolean isUnknown(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return s.toString();
    }
}
