package io.github.viewcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The stored form of a {@link CachedResponse}: a small binary header, then the body's raw
 * bytes to the end of the value. No JSON and no base64, so a hit decodes in a few dozen
 * reads and serves the body straight from the array Redis returned.
 *
 * <pre>
 * byte   format version (4)
 * int    the storage rules it was stored under ({@link FilterSettings#storageRules})
 * short  status
 * long   stored at, epoch ms
 * long   expires at, epoch ms (0 = never)
 * byte   flags: 1 = body gzipped by the cache
 * int    identity length of the body
 * short  header count, then per header: UTF name, UTF value
 * short  tag count, then per tag: UTF tag ({@code Surrogate-Key})
 * byte[] body, to the end
 * </pre>
 */
final class EntryCodec {

    static final int VERSION = 4;
    private static final int GZIPPED = 1;

    private EntryCodec() {
    }

    /** An entry stored under no rules in particular (tests, benchmarks). */
    static byte[] encode(CachedResponse entry) {
        return encode(entry, 0);
    }

    /** @param storageRules the fingerprint of the settings that decided it may be stored */
    static byte[] encode(CachedResponse entry, int storageRules) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.bodyLength() + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(storageRules);
            out.writeShort(entry.status);
            out.writeLong(entry.storedAtMillis);
            out.writeLong(entry.expiresAtMillis);
            out.writeByte(entry.gzippedByCache ? GZIPPED : 0);
            out.writeInt(entry.identityLength);
            out.writeShort(entry.headers.size());
            for (CachedResponse.Header h : entry.headers) {
                out.writeUTF(h.name);
                out.writeUTF(h.value);
            }
            out.writeShort(entry.tags.size());
            for (String tag : entry.tags) {
                out.writeUTF(tag);
            }
            entry.writeBodyTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when {@code value} is not an entry of this format (written
     *         by another version, or not ours at all): the caller treats it as a miss
     */
    static CachedResponse decode(byte[] value) {
        return decode(value, false);
    }

    /**
     * @param sharingText whether the header text goes through {@link SharedText}: for an entry
     *        the near cache keeps, which many hits read; an entry decoded for one hit would only
     *        pay for the hashing
     * @throws IllegalArgumentException when {@code value} is not an entry of this format (written
     *         by another version, or not ours at all): the caller treats it as a miss
     */
    static CachedResponse decode(byte[] value, boolean sharingText) {
        CountingInput counter = new CountingInput(value);
        DataInputStream in = new DataInputStream(counter);
        try {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown entry format " + version);
            }
            in.readInt(); // the storage rules: see storageRulesOf
            int status = in.readUnsignedShort();
            long storedAt = in.readLong();
            long expiresAt = in.readLong();
            int flags = in.readUnsignedByte();
            int identityLength = in.readInt();
            int count = in.readUnsignedShort();
            List<CachedResponse.Header> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                String text = in.readUTF();
                if (sharingText) {
                    name = SharedText.of(name);
                    // An ETag is the entry's own; held, it would only push out texts entries share.
                    text = CachedResponse.Header.isEtag(name) ? text : SharedText.of(text);
                }
                headers.add(new CachedResponse.Header(name, text));
            }
            int tagCount = in.readUnsignedShort();
            List<String> tags = tagCount == 0 ? Collections.<String>emptyList() : new ArrayList<>(tagCount);
            for (int i = 0; i < tagCount; i++) {
                tags.add(in.readUTF());
            }
            int bodyOffset = counter.position();
            return new CachedResponse(status, headers, storedAt, expiresAt, (flags & GZIPPED) != 0, identityLength,
                    value, bodyOffset, value.length - bodyOffset, tags);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated entry", e);
        }
    }

    /**
     * The storage rules an entry was stored under, read without decoding it; 0 for a value of
     * another format (an entry of an earlier version, which no rules match).
     */
    static int storageRulesOf(byte[] value) {
        if (value.length < 5 || value[0] != VERSION) {
            return 0;
        }
        return (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | value[4] & 0xff;
    }

    /** Exposes how far decoding has read, which is where the body starts. */
    private static final class CountingInput extends ByteArrayInputStream {
        CountingInput(byte[] buf) {
            super(buf);
        }

        int position() {
            return pos;
        }
    }
}
