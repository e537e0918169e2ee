package io.github.viewcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.RedisClient;

/** What a page's hash in Redis holds, as tests read it: entries and hit-for-pass markers. */
final class StoredFields {

    private StoredFields() {
    }

    /** The fields that hold entries (not markers, locks, Vary names or the generation). */
    static List<String> entriesIn(RedisClient redis, String key) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : redis.hgetAll(key.getBytes(StandardCharsets.UTF_8)).entrySet()) {
            if (e.getValue().length > 0 && e.getValue()[0] == EntryCodec.VERSION) {
                fields.add(new String(e.getKey(), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** The reasons of the hit-for-pass markers the page holds. */
    static List<String> markersIn(RedisClient redis, String key) {
        List<String> reasons = new ArrayList<>();
        for (byte[] value : redis.hgetAll(key.getBytes(StandardCharsets.UTF_8)).values()) {
            if (PassMarker.isMarker(value)) {
                reasons.add(PassMarker.decode(value).reason);
            }
        }
        return reasons;
    }
}
