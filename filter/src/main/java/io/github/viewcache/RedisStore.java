package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ZAddParams;

/**
 * {@code store=redis}: a page is a Redis hash {@code <key-prefix><path>} with a field per
 * variant, so evicting a page is one {@code DEL} whatever its query strings. Every command
 * touches one key (several are pipelined into one round trip), which keeps it Redis
 * Cluster-safe.
 *
 * <p>An index sorted set ({@code <key-prefix>#pages}, scored by expiry) lists the pages so
 * that {@code clear()} deletes exactly this namespace's keys without KEYS, SCAN or FLUSHDB.
 */
final class RedisStore implements Store {

    // Every call catches IllegalStateException with JedisException: a pipeline whose connection
    // broke mid-way can leave replies unset, and Jedis throws that when one is asked for.

    /**
     * ARGV: ttl, max variants, generation field, expected generation ("-" for no check, "" for
     * none), number of fields to remove, those fields, then field/value pairs to set. Refuses
     * (0) when an eviction raised the generation since the page was read. Caps the variants per
     * page (a random one other than the generation gives way) so endless distinct query strings
     * cannot grow a page without bound; the key lives as long as its longest-lived variant.
     * Render locks ({@link RedisRenderLocks#FIELD_PREFIX}) are not variants: they neither
     * count nor give way, and the expiry a lock gave a new page is not a variant's.
     * Redis 6.2+ (HRANDFIELD).
     */
    private static final RedisScript PUT_SCRIPT = new RedisScript(
            "local gen = ARGV[3]\n"
            + "local lock = string.char(0) .. 'lock' .. string.char(0)\n"
            + "local function fields()\n"
            + "  local n = 0\n"
            + "  for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do\n"
            + "    if string.sub(f, 1, 6) ~= lock then n = n + 1 end\n"
            + "  end\n"
            + "  return n\n"
            + "end\n"
            + "if ARGV[4] ~= '-' and (redis.call('HGET', KEYS[1], gen) or '') ~= ARGV[4] then return 0 end\n"
            + "local existed = fields() > 0\n"
            + "local removes = tonumber(ARGV[5])\n"
            + "for i = 6, 5 + removes do redis.call('HDEL', KEYS[1], ARGV[i]) end\n"
            + "for i = 6 + removes, #ARGV, 2 do\n"
            + "  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 and fields()"
            + " - redis.call('HEXISTS', KEYS[1], gen) >= tonumber(ARGV[2]) then\n"
            + "    for _, victim in ipairs(redis.call('HRANDFIELD', KEYS[1], 3)) do\n"
            + "      if victim ~= gen and string.sub(victim, 1, 6) ~= lock then\n"
            + "        redis.call('HDEL', KEYS[1], victim) break\n"
            + "      end\n"
            + "    end\n"
            + "  end\n"
            + "  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])\n"
            + "end\n"
            + "local ttl = tonumber(ARGV[1])\n"
            + "if ttl == 0 then\n"
            + "  redis.call('PERSIST', KEYS[1])\n"
            + "else\n"
            + "  local left = redis.call('PTTL', KEYS[1])\n"
            + "  if not existed or (left >= 0 and left < ttl) then\n"
            + "    redis.call('PEXPIRE', KEYS[1], ttl)\n"
            + "  end\n"
            + "end\n"
            + "return 1\n");

    /** Empties the page but for its raised generation, which outlives it a while (a tombstone). */
    private static final byte[] EVICT_SCRIPT = bytes(
            "local g = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + 1\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], g)\n"
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
            + "return g\n");

    /** The page becomes exactly one variant with a fresh expiry (or stays, when asked to). */
    private static final byte[] REPLACE_SCRIPT = bytes(
            "if ARGV[4] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])\n"
            + "if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end\n"
            + "return 1\n");

    /** HINCRBY, but only on a page that is absent or holds that one integer variant. */
    private static final byte[] INCREMENT_SCRIPT = bytes(
            "local n = redis.call('HLEN', KEYS[1])\n"
            + "if n == 0 then\n"
            + "  local v = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])\n"
            + "  if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end\n"
            + "  return v\n"
            + "end\n"
            + "if n ~= 1 or redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then\n"
            + "  return redis.error_reply('the value is not a number')\n"
            + "end\n"
            + "return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])\n");

    /** Redis' clock in ms, so that every server's marks compare on one clock. */
    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

    /**
     * Lists a stored page in one tag (or subtree) index, KEYS[1]. ARGV: page, ttl (0: never
     * expires), the earliest eviction mark that fences it ("-" for none), the mark's member,
     * the mark's lifetime. Returns 0, listing nothing, when the index was evicted at or after
     * that time. Members are scored by expiry on Redis' clock; expired ones go on every call,
     * and the key expires with its longest-lived member, so an index stays as small as the
     * pages it lists.
     */
    private static final RedisScript TAG_SCRIPT = new RedisScript(NOW
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
            + "if ARGV[3] ~= '-' then\n"
            + "  local mark = redis.call('ZSCORE', KEYS[1], ARGV[4])\n"
            + "  if mark and tonumber(mark) - tonumber(ARGV[5]) >= tonumber(ARGV[3]) then return 0 end\n"
            + "end\n"
            + "local existed = redis.call('EXISTS', KEYS[1]) == 1\n"
            + "local ttl = tonumber(ARGV[2])\n"
            + "if ttl == 0 then\n"
            + "  redis.call('ZADD', KEYS[1], '+inf', ARGV[1])\n"
            + "  redis.call('PERSIST', KEYS[1])\n"
            + "else\n"
            + "  redis.call('ZADD', KEYS[1], 'GT', now + ttl, ARGV[1])\n"
            + "  local left = redis.call('PTTL', KEYS[1])\n"
            + "  if not existed or (left >= 0 and left < ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end\n"
            + "end\n"
            + "return 1\n");

    /**
     * Marks one tag index, KEYS[1], as evicted now (ARGV: the mark's member, its lifetime),
     * which fences renders under way ({@link #TAG_SCRIPT}), and returns the pages it lists that
     * may still exist, each with its score. One script: a page is listed either before the mark
     * (and returned) or after it (and fenced). The index is emptied only once they are evicted
     * ({@link #UNLIST_SCRIPT_TEXT}), so an eviction that fails half-way finds them again on retry.
     */
    private static final RedisScript EVICT_TAG_SCRIPT = new RedisScript(NOW
            + "local listed = {}\n"
            + "local found = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')\n"
            + "for i = 1, #found, 2 do\n"
            + "  if found[i] ~= ARGV[1] then listed[#listed + 1] = found[i]; listed[#listed + 1] = found[i + 1] end\n"
            + "end\n"
            + "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])\n"
            + "local left = redis.call('PTTL', KEYS[1])\n"
            + "if left >= 0 and left < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
            + "return listed\n");

    /**
     * Takes evicted pages (ARGV: page, score pairs) out of a tag index, KEYS[1], unless one was
     * listed again since with a later expiry (a render begun after the eviction).
     */
    private static final byte[] UNLIST_SCRIPT_TEXT = bytes(
            "for i = 1, #ARGV, 2 do\n"
            + "  if redis.call('ZSCORE', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('ZREM', KEYS[1], ARGV[i]) end\n"
            + "end\n"
            + "return 1\n");

    /** The member of a tag index that marks its last eviction; no page key starts with a NUL. */
    private static final byte[] EVICTED_MARK = bytes("\u0000evicted");

    /**
     * How far this server's clock may drift from Redis' between two measurements (NTP slews
     * clocks by at most 0.5 ms per second), plus the rounding of both to milliseconds: a render
     * that began less than this (and half a round trip) before a tag eviction is not kept.
     */
    static final long CLOCK_MARGIN_MILLIS = 50;
    /** How often this server's clock is compared with Redis' again. */
    static final long CLOCK_CHECK_MILLIS = 60_000;
    private static final byte[] TIME_SCRIPT = bytes("return redis.call('TIME')");

    /** Redis' clock minus this server's, and how far off that may be; measured by {@link #redisTime}. */
    private volatile long clockOffsetMillis;
    private volatile long clockUncertaintyMillis;
    private volatile boolean clockChecked;
    private volatile long clockCheckedAtMillis;

    private static final int CLEAR_BATCH = 500;

    private final RedisConnection redis;
    private final Clock clock;
    private final byte[] evictedChannel;
    private volatile Runnable onClose = () -> { };

    RedisStore(RedisConnection redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.evictedChannel = RedisNotifications.evicted(redis.isCluster());
    }

    @Override
    public List<byte[]> get(String page, List<String> variants) throws StoreException {
        try {
            if (variants.size() == 1) {
                return Collections.singletonList(redis.client().hget(bytes(page), bytes(variants.get(0))));
            }
            return redis.client().hmget(bytes(page), fieldNames(variants));
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis HMGET " + page + " failed", e);
        }
    }

    @Override
    public List<List<byte[]>> getMany(List<String> pages, List<List<String>> variants) throws StoreException {
        List<RedisBatch.Reply<List<byte[]>>> responses = new ArrayList<>(pages.size());
        try (RedisBatch p = RedisBatch.of(redis)) {
            for (int i = 0; i < pages.size(); i++) {
                responses.add(p.hmget(bytes(pages.get(i)), fieldNames(variants.get(i))));
            }
            p.sync();
            List<List<byte[]>> found = new ArrayList<>(pages.size());
            for (RedisBatch.Reply<List<byte[]>> response : responses) {
                found.add(response.get());
            }
            return found;
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis HMGET of " + pages.size() + " pages failed", e);
        }
    }

    @Override
    public List<Map<String, byte[]>> getAll(List<String> pages) throws StoreException {
        List<RedisBatch.Reply<Map<byte[], byte[]>>> responses = new ArrayList<>(pages.size());
        try (RedisBatch p = RedisBatch.of(redis)) {
            for (String page : pages) {
                responses.add(p.hgetAll(bytes(page)));
            }
            p.sync();
            List<Map<String, byte[]>> all = new ArrayList<>(pages.size());
            for (RedisBatch.Reply<Map<byte[], byte[]>> response : responses) {
                Map<String, byte[]> variants = new LinkedHashMap<>();
                for (Map.Entry<byte[], byte[]> e : response.get().entrySet()) {
                    variants.put(new String(e.getKey(), StandardCharsets.UTF_8), e.getValue());
                }
                all.add(variants);
            }
            return all;
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis HGETALL of " + pages.size() + " keys failed", e);
        }
    }

    @Override
    public boolean put(String index, String page, Map<String, byte[]> set, Collection<String> remove,
                       long ttlMillis, int maxVariants, String expectedGeneration, PageTags tags)
            throws StoreException {
        List<byte[]> args = new ArrayList<>(6 + remove.size() + 2 * set.size());
        args.add(bytes(Long.toString(ttlMillis)));
        args.add(bytes(Integer.toString(maxVariants)));
        args.add(bytes(GENERATION));
        args.add(bytes(expectedGeneration == null ? "-" : expectedGeneration));
        args.add(bytes(Integer.toString(remove.size())));
        for (String field : remove) {
            args.add(bytes(field));
        }
        for (Map.Entry<String, byte[]> e : set.entrySet()) {
            args.add(bytes(e.getKey()));
            args.add(e.getValue());
        }
        try {
            String fencedFrom = tags.indexes.isEmpty() || tags.renderStartedMillis == Long.MAX_VALUE ? "-"
                    : Long.toString(redisTime(tags.renderStartedMillis, tags.indexes.get(0)));
            List<byte[]> tagArgs = Arrays.asList(bytes(page), bytes(Long.toString(ttlMillis)), bytes(fencedFrom),
                    EVICTED_MARK, bytes(Long.toString(TOMBSTONE_MILLIS)));
            if (!tags.indexes.isEmpty()
                    && !RedisScript.pipelined(withText -> list(tags, tagArgs, withText))) {
                return false; // a tag eviction came during its render
            }
            return RedisScript.pipelined(withText -> put(index, page, ttlMillis, args, withText));
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis store of " + page + " failed", e);
        }
    }

    /**
     * The earliest time on Redis' clock that {@code localMillis} may be: tag evictions are
     * marked on Redis' clock, the one every server shares, and renders start on this server's.
     * The clocks are compared when first needed and every {@link #CLOCK_CHECK_MILLIS}, by a
     * {@code TIME} that costs a store one more round trip then.
     *
     * @param onNodeOf a key, so that a cluster asks a node that holds tag indexes
     */
    private long redisTime(long localMillis, String onNodeOf) {
        long now = clock.millis();
        if (!clockChecked || now - clockCheckedAtMillis > CLOCK_CHECK_MILLIS) {
            long before = clock.millis();
            List<?> time = (List<?>) redis.client().eval(TIME_SCRIPT, Collections.singletonList(bytes(onNodeOf)),
                    Collections.<byte[]>emptyList());
            long after = clock.millis();
            long redis = Long.parseLong(new String((byte[]) time.get(0), StandardCharsets.US_ASCII)) * 1000
                    + Long.parseLong(new String((byte[]) time.get(1), StandardCharsets.US_ASCII)) / 1000;
            clockOffsetMillis = redis - (before + after) / 2;
            clockUncertaintyMillis = (after - before) / 2 + 1;
            clockCheckedAtMillis = after;
            clockChecked = true;
        }
        return localMillis + clockOffsetMillis - clockUncertaintyMillis - CLOCK_MARGIN_MILLIS;
    }

    /**
     * Lists the page in its tag indexes, before it is stored: an eviction of one of them that
     * comes after finds it listed, and evicts it whether it is stored yet or not (its raised
     * generation refuses a store that comes later); one that came before fences it, and it is
     * not stored at all, so no client ever sees it.
     *
     * @return false when fenced
     */
    private boolean list(PageTags tags, List<byte[]> tagArgs, boolean withText) {
        try (RedisBatch p = RedisBatch.of(redis)) {
            List<RedisBatch.Reply<Object>> listed = new ArrayList<>(tags.indexes.size());
            for (String tagIndex : tags.indexes) {
                listed.add(TAG_SCRIPT.queue(p, Collections.singletonList(bytes(tagIndex)), tagArgs, withText));
            }
            p.sync();
            boolean fenced = false;
            for (RedisBatch.Reply<Object> l : listed) {
                fenced |= ((Long) l.get()) == 0L; // a pipeline reports a script error only when asked
            }
            return !fenced;
        }
    }

    private boolean put(String index, String page, long ttlMillis, List<byte[]> args, boolean withText) {
        try (RedisBatch p = RedisBatch.of(redis)) {
            RedisBatch.Reply<Object> stored = PUT_SCRIPT.queue(p, Collections.singletonList(bytes(page)), args, withText);
            record(p, index, page, ttlMillis);
            p.sync();
            return ((Long) stored.get()) == 1L; // a pipeline reports a script error only when asked
        }
    }

    @Override
    public List<String> evictTagged(String index, Collection<String> tagIndexes) throws StoreException {
        if (tagIndexes.isEmpty()) {
            return Collections.emptyList();
        }
        List<byte[]> args = Arrays.asList(EVICTED_MARK, bytes(Long.toString(TOMBSTONE_MILLIS)));
        try {
            Set<String> listedPages = new LinkedHashSet<>();
            List<List<byte[]>> listedPerIndex = new ArrayList<>(tagIndexes.size());
            try (RedisBatch p = RedisBatch.of(redis)) {
                // By its text: a NOSCRIPT retry would mark an index twice.
                List<RedisBatch.Reply<Object>> listed = new ArrayList<>(tagIndexes.size());
                for (String tagIndex : tagIndexes) {
                    listed.add(EVICT_TAG_SCRIPT.queue(p, Collections.singletonList(bytes(tagIndex)), args, true));
                }
                p.sync();
                for (RedisBatch.Reply<Object> l : listed) {
                    List<byte[]> pairs = new ArrayList<>();
                    List<?> found = (List<?>) l.get();
                    for (int i = 0; i < found.size(); i += 2) {
                        listedPages.add(new String((byte[]) found.get(i), StandardCharsets.UTF_8));
                        pairs.add((byte[]) found.get(i));
                        pairs.add((byte[]) found.get(i + 1));
                    }
                    listedPerIndex.add(pairs);
                }
            }
            List<String> pages = new ArrayList<>(listedPages);
            removeAll(index, pages, true);
            try (RedisBatch p = RedisBatch.of(redis)) {
                int i = 0;
                for (String tagIndex : tagIndexes) {
                    List<byte[]> pairs = listedPerIndex.get(i++);
                    if (!pairs.isEmpty()) {
                        p.eval(UNLIST_SCRIPT_TEXT, Collections.singletonList(bytes(tagIndex)), pairs);
                    }
                }
                p.sync(); // a page left listed is only evicted again, harmlessly, by the next eviction
            }
            return pages;
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis eviction of tags " + tagIndexes + " failed", e);
        }
    }

    @Override
    public boolean[] replace(String index, List<Replacement> replacements, long ttlMillis, boolean onlyIfAbsent)
            throws StoreException {
        List<RedisBatch.Reply<Object>> responses = new ArrayList<>(replacements.size());
        try (RedisBatch p = RedisBatch.of(redis)) {
            for (Replacement r : replacements) {
                responses.add(p.eval(REPLACE_SCRIPT, Collections.singletonList(bytes(r.page)),
                        Arrays.asList(bytes(r.variant), r.value, bytes(Long.toString(ttlMillis)),
                                bytes(onlyIfAbsent ? "1" : "0"))));
                record(p, index, r.page, ttlMillis);
            }
            p.sync();
            boolean[] written = new boolean[responses.size()];
            for (int i = 0; i < written.length; i++) {
                written[i] = ((Long) responses.get(i).get()) == 1L;
            }
            return written;
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis store of " + replacements.size() + " keys failed", e);
        }
    }

    @Override
    public long increment(String index, String page, String variant, long delta, long ttlMillis)
            throws StoreException {
        try (RedisBatch p = RedisBatch.of(redis)) {
            RedisBatch.Reply<Object> value = p.eval(INCREMENT_SCRIPT, Collections.singletonList(bytes(page)),
                    Arrays.asList(bytes(variant), bytes(Long.toString(delta)), bytes(Long.toString(ttlMillis))));
            record(p, index, page, ttlMillis);
            p.sync();
            return (Long) value.get();
        } catch (JedisDataException e) {
            throw new StoreException(page + ": " + e.getMessage(), e, true);
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis increment of " + page + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteVariant(String page, String variant) throws StoreException {
        try {
            redis.client().hdel(bytes(page), bytes(variant));
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis HDEL " + page + " failed", e);
        }
    }

    @Override
    public void delete(String index, Collection<String> pages) throws StoreException {
        removeAll(index, pages, false);
    }

    @Override
    public void evict(String index, Collection<String> pages) throws StoreException {
        removeAll(index, pages, true);
    }

    private void removeAll(String index, Collection<String> pages, boolean leaveGeneration) throws StoreException {
        if (pages.isEmpty()) {
            return;
        }
        byte[][] keys = new byte[pages.size()][];
        int i = 0;
        for (String page : pages) {
            keys[i++] = bytes(page);
        }
        try (RedisBatch p = RedisBatch.of(redis)) {
            List<RedisBatch.Reply<Object>> evictions = new ArrayList<>();
            for (byte[] key : keys) {
                if (leaveGeneration) {
                    evictions.add(p.eval(EVICT_SCRIPT, Collections.singletonList(key),
                            Arrays.asList(bytes(GENERATION), bytes(Long.toString(TOMBSTONE_MILLIS)))));
                    // Near caches on every server drop their copy on this.
                    p.publish(evictedChannel, key);
                } else {
                    p.del(key);
                }
            }
            p.zrem(bytes(index), keys);
            p.sync();
            for (RedisBatch.Reply<Object> eviction : evictions) {
                eviction.get();
            }
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis eviction of " + pages + " failed", e);
        }
    }

    @Override
    public void clear(String index, String pagePrefix) throws StoreException {
        byte[] indexKey = bytes(index);
        try {
            while (true) {
                List<byte[]> keys = redis.client().zrange(indexKey, 0, CLEAR_BATCH - 1);
                if (keys.isEmpty()) {
                    return;
                }
                List<String> pages = new ArrayList<>();
                List<String> others = new ArrayList<>();
                for (byte[] key : keys) {
                    String name = new String(key, StandardCharsets.UTF_8);
                    (name.startsWith(pagePrefix) ? pages : others).add(name);
                }
                evict(index, pages);
                delete(index, others);
            }
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis clear of " + index + " failed", e);
        }
    }

    /** Runs when the store closes, before its client is released. */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    @Override
    public void close() {
        onClose.run();
        SharedRedisClients.release(redis);
    }

    /**
     * The keys the index lists, {@code count} from {@code start} in expiry order, for the
     * command line tool's {@code stats}; one {@code ZRANGE}, never a scan of the keyspace.
     */
    List<String> indexed(String index, long start, int count) throws StoreException {
        try {
            List<String> keys = new ArrayList<>();
            for (byte[] key : redis.client().zrange(bytes(index), start, start + count - 1)) {
                keys.add(new String(key, StandardCharsets.UTF_8));
            }
            return keys;
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("Redis ZRANGE " + index + " failed", e);
        }
    }

    /**
     * Lists the page in the index, scored by the latest time it may still exist (GT keeps the
     * latest), and prunes pages that have certainly expired.
     */
    private void record(RedisBatch p, String index, String page, long ttlMillis) {
        long now = clock.millis();
        double expiry = ttlMillis == 0 ? Double.POSITIVE_INFINITY : now + ttlMillis;
        p.zadd(bytes(index), expiry, bytes(page), ZAddParams.zAddParams().gt());
        p.zremrangeByScore(bytes(index), Double.NEGATIVE_INFINITY, now);
    }

    private static byte[][] fieldNames(List<String> fields) {
        byte[][] names = new byte[fields.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = bytes(fields.get(i));
        }
        return names;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
