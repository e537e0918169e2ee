package io.github.viewcache;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Values and memoized results in one filter's namespace. A value is a page
 * {@code <key-prefix>value:<key>} with one variant naming its kind: {@code string} (the text as
 * it is, readable by any Redis client), {@code json} (Gson's JSON) or {@code null}. A memoized
 * function is a page {@code <key-prefix>memo:<name>} with a variant per argument list (its
 * JSON), so one {@code DEL} forgets every result.
 *
 * <p>Store faults and undecodable values never reach the caller as exceptions: reads miss,
 * writes report {@code false}, memoized functions compute; each is logged.
 */
final class ValueCache {

    private static final Logger LOG = Logger.getLogger(ValueCache.class.getName());

    static final String STRING = "string";
    static final String JSON = "json";
    static final String NULL = "null";

    /** Argument lists kept per memoized function: a bound, not a working-set size. */
    static final int MEMO_MAX_RESULTS = 100_000;

    private static final byte[] NOTHING = new byte[0];

    private final String name;
    private final CacheKeys keys;
    private final Store store;
    private final Clock clock;
    private final Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    ValueCache(String name, CacheKeys keys, Store store, Clock clock) {
        this.name = name;
        this.keys = keys;
        this.store = store;
        this.clock = clock;
    }

    static long ttlMillis(int ttlSeconds) {
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("ttl must be 0 (no expiry) or more seconds, not " + ttlSeconds);
        }
        return ttlSeconds * 1000L;
    }

    boolean setMany(Map<String, ?> values, int ttlSeconds, boolean onlyIfAbsent, boolean[] written) {
        long ttl = ttlMillis(ttlSeconds);
        List<Store.Replacement> replacements = new ArrayList<>(values.size());
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Object value = e.getValue();
            String kind = value == null ? NULL : value instanceof String ? STRING : JSON;
            byte[] bytes = value == null ? NOTHING
                    : utf8(value instanceof String ? (String) value : gson.toJson(value));
            replacements.add(new Store.Replacement(keys.value(checkKey(e.getKey())), kind, bytes));
        }
        try {
            boolean[] done = store.replace(keys.index(), replacements, ttl, onlyIfAbsent);
            if (written != null) {
                System.arraycopy(done, 0, written, 0, done.length);
            }
            return true;
        } catch (StoreException e) {
            warn("could not store " + values.keySet(), e);
            return false;
        }
    }

    /** Each key's value, in order; {@code null} for a miss (or an unreadable value, logged). */
    <T> List<CachedValue<T>> getMany(List<String> keyList, Type type) {
        List<String> pages = new ArrayList<>(keyList.size());
        for (String key : keyList) {
            pages.add(keys.value(checkKey(key)));
        }
        List<Map<String, byte[]>> found;
        try {
            found = store.getAll(pages);
        } catch (StoreException e) {
            warn("could not read " + keyList, e);
            found = null;
        }
        List<CachedValue<T>> values = new ArrayList<>(keyList.size());
        for (int i = 0; i < keyList.size(); i++) {
            values.add(found == null ? null : this.<T>decode(keyList.get(i), found.get(i), type));
        }
        return values;
    }

    private <T> CachedValue<T> decode(String key, Map<String, byte[]> variants, Type type) {
        if (variants.isEmpty()) {
            return null;
        }
        try {
            if (variants.containsKey(NULL)) {
                return new CachedValue<>(null);
            }
            byte[] string = variants.get(STRING);
            if (string != null) {
                String text = new String(string, StandardCharsets.UTF_8);
                if (type == String.class || type == Object.class || type == CharSequence.class) {
                    @SuppressWarnings("unchecked")
                    T t = (T) text;
                    return new CachedValue<>(t);
                }
                return new CachedValue<T>(gson.<T>fromJson(text, type));
            }
            byte[] json = variants.get(JSON);
            if (json != null) {
                return new CachedValue<T>(gson.<T>fromJson(new String(json, StandardCharsets.UTF_8), type));
            }
            throw new JsonParseException("holds none of the kinds string, json, null: " + variants.keySet());
        } catch (JsonParseException | ClassCastException | IllegalStateException e) {
            LOG.log(Level.WARNING, "ViewCache [" + name + "]: the value of [" + key + "] cannot be read as "
                    + type.getTypeName() + " (" + e.getMessage() + "); treated as a miss");
            return null;
        }
    }

    boolean delete(List<String> keyList) {
        List<String> pages = new ArrayList<>(keyList.size());
        for (String key : keyList) {
            pages.add(keys.value(checkKey(key)));
        }
        try {
            store.delete(keys.index(), pages);
            return true;
        } catch (StoreException e) {
            warn("could not delete " + keyList, e);
            return false;
        }
    }

    /**
     * @throws IllegalStateException when the key holds something other than an integer
     */
    OptionalLong increment(String key, long delta) {
        try {
            return OptionalLong.of(store.increment(keys.index(), keys.value(checkKey(key)), JSON, delta, 0));
        } catch (StoreException e) {
            if (e.isWrongValue()) {
                throw new IllegalStateException("The value of [" + key + "] is not an integer; increment and "
                        + "decrement work on numbers stored by set(key, number) or by increment itself", e);
            }
            warn("could not increment " + key, e);
            return OptionalLong.empty();
        }
    }

    /** The memoized result of {@code function} for {@code args}, computed on a miss. */
    <R> R memoized(String function, int ttlSeconds, Type resultType, Object[] args, Supplier<R> compute) {
        long ttl = ttlMillis(ttlSeconds);
        String page = keys.memo(checkName(function));
        String variant = gson.toJson(args);
        byte[] stored = null;
        try {
            stored = store.get(page, Collections.singletonList(variant)).get(0);
        } catch (StoreException e) {
            warn("could not read the memoized result of " + function, e);
        }
        if (stored != null && stored.length >= 8) {
            ByteBuffer buffer = ByteBuffer.wrap(stored);
            long expiresAt = buffer.getLong();
            if (expiresAt == 0 || clock.millis() < expiresAt) {
                try {
                    return gson.fromJson(new String(stored, 8, stored.length - 8, StandardCharsets.UTF_8), resultType);
                } catch (JsonParseException | ClassCastException | IllegalStateException e) {
                    LOG.log(Level.WARNING, "ViewCache [" + name + "]: a memoized result of " + function
                            + " cannot be read as " + resultType.getTypeName() + "; computing it again");
                }
            }
        }
        R result = compute.get(); // an exception leaves the cache untouched and reaches the caller
        byte[] json = utf8(gson.toJson(result));
        ByteBuffer value = ByteBuffer.allocate(8 + json.length);
        value.putLong(ttl == 0 ? 0 : clock.millis() + ttl).put(json);
        try {
            store.put(keys.index(), page, Collections.singletonMap(variant, value.array()),
                    Collections.<String>emptyList(), ttl, MEMO_MAX_RESULTS, null);
        } catch (StoreException e) {
            warn("could not store a memoized result of " + function, e);
        }
        return result;
    }

    boolean deleteMemoized(String function) {
        try {
            store.delete(keys.index(), Arrays.asList(keys.memo(checkName(function))));
            return true;
        } catch (StoreException e) {
            warn("could not delete the memoized results of " + function, e);
            return false;
        }
    }

    boolean deleteMemoized(String function, Object[] args) {
        try {
            store.deleteVariant(keys.memo(checkName(function)), gson.toJson(args));
            return true;
        } catch (StoreException e) {
            warn("could not delete a memoized result of " + function, e);
            return false;
        }
    }

    static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a cache key must be a non-empty string, not [" + key + "]");
        }
        return key;
    }

    static String checkName(String function) {
        if (function == null || function.isEmpty()) {
            throw new IllegalArgumentException("a memoized function needs a non-empty name, not [" + function + "]");
        }
        return function;
    }

    private void warn(String what, StoreException e) {
        LOG.log(Level.WARNING, "ViewCache [" + name + "]: " + what + " (" + e.getMessage() + ")", e);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
