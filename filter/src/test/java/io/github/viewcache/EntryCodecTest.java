package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void roundTripsStatusHeadersTimesAndRawBody() throws Exception {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        CachedResponse entry = new CachedResponse(203,
                List.of(new CachedResponse.Header("Content-Type", "text/plain;charset=UTF-8"),
                        new CachedResponse.Header("X-Multi", "ä"), new CachedResponse.Header("X-Multi", "😀")),
                1_700_000_000_000L, 1_700_000_300_000L, true, 4096, body, 0, body.length);

        byte[] encoded = EntryCodec.encode(entry);
        CachedResponse decoded = EntryCodec.decode(encoded);

        assertEquals(203, decoded.status);
        assertEquals(1_700_000_000_000L, decoded.storedAtMillis);
        assertEquals(1_700_000_300_000L, decoded.expiresAtMillis);
        assertEquals(true, decoded.gzippedByCache);
        assertEquals(4096, decoded.identityLength);
        assertEquals(3, decoded.headers.size());
        assertEquals("😀", decoded.headers.get(2).value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decoded.writeBodyTo(out);
        assertArrayEquals(body, out.toByteArray());
        // The body is stored as it is, at the end of the value: no base64, no JSON.
        assertArrayEquals(body, Arrays.copyOfRange(encoded, encoded.length - body.length, encoded.length));
    }

    @Test
    void entriesKeptNearShareTheHeaderTextTheyRepeatButNotTheirETags() {
        byte[] body = {1, 2, 3};
        CachedResponse one = EntryCodec.decode(EntryCodec.encode(new CachedResponse(200, List.of(
                new CachedResponse.Header("Content-Type", "application/json"),
                new CachedResponse.Header("ETag", "\"vc-one\""),
                new CachedResponse.Header("Last-Modified", "Tue, 24 Nov 2026 08:50:58 GMT")),
                1L, 0L, false, 3, body, 0, 3)), true);
        CachedResponse two = EntryCodec.decode(EntryCodec.encode(new CachedResponse(200, List.of(
                new CachedResponse.Header("Content-Type", "application/json"),
                new CachedResponse.Header("ETag", "\"vc-one\""),
                new CachedResponse.Header("Last-Modified", "Tue, 24 Nov 2026 08:50:58 GMT")),
                2L, 0L, false, 3, body, 0, 3)), true);

        for (int i = 0; i < 3; i++) {
            assertSame(one.headers.get(i).name, two.headers.get(i).name);
        }
        assertSame(one.headers.get(0).value, two.headers.get(0).value);
        assertSame(one.headers.get(2).value, two.headers.get(2).value);
        assertEquals("\"vc-one\"", two.etag);
        assertNotSame(one.etag, two.etag, "an entry's own ETag is not held for others");
    }

    @Test
    void somethingElseInTheKeyIsRefusedNotMisread() {
        assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode("{\"json\":1}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(new byte[] {2, 0}));
        assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(new byte[] {1, 0, 1, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(new byte[0]));
    }

    @Test
    void anEntryCarriesTheStorageRulesItWasStoredUnderAndOneOfAnEarlierFormatNone() {
        CachedResponse entry = new CachedResponse(200, List.of(), 1, 2, false, 1, new byte[] {'x'}, 0, 1);
        assertEquals(0x1234abcd, EntryCodec.storageRulesOf(EntryCodec.encode(entry, 0x1234abcd)));
        assertEquals(-7, EntryCodec.storageRulesOf(EntryCodec.encode(entry, -7)));
        byte[] earlier = EntryCodec.encode(entry, 5);
        earlier[0] = 2;
        assertEquals(0, EntryCodec.storageRulesOf(earlier), "format 2 had none: no settings match it");
    }
}
