package io.imagepic.serving;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Hot images of immutable keys in memory (direct buffers, written to the socket without a copy), so a hit
 * costs no request to the S3 server. Only content-addressed keys ({@link ImageHeaders#isContentAddressed})
 * are kept: their bytes never change under the same name, so no revalidation is needed. An entry is an
 * object as S3 answered it (bucket, key, ETag, Last-Modified, type, bytes); it is filled while a whole image
 * streams to a client, evicted least-recently-used past {@code imagepic.serving.cache.size}, on any change of
 * its key or bucket ({@link CacheEvictions}), and after {@code max-age} at the latest (a safety net for a
 * change notice lost between replicas).
 * <p>
 * Entries are reference counted: a hit holds its own view of the bytes until its answer is written, so an
 * eviction meanwhile frees them only afterwards. Thread-safe (event loops share it); every operation is a
 * short critical section.
 */
@Singleton
public class ImageCache {

    /** One stored image; {@code bytes} belong to the cache. */
    private record Entry(String etag, String lastModified, ZonedDateTime lastModifiedDate, String contentType, ByteBuf bytes,
            long storedAt) {
    }

    private record Key(String bucket, String key) {
    }

    /**
     * A hit: the image's validators and type, and a view of its bytes that the caller owns (release it once
     * written, or when not used).
     */
    public record Hit(String etag, String lastModified, ZonedDateTime lastModifiedDate, String contentType, ByteBuf bytes) {
        public long size() {
            return bytes.readableBytes();
        }

        /** Bytes [from, from + length) as a buffer for one write; release {@link #bytes} after it. */
        public Buffer body(long from, long length) {
            return Buffer.buffer(bytes.slice((int) from, (int) length));
        }

        public void release() {
            bytes.release();
        }
    }

    private final long capacity;
    private final int maxObject;
    private final long maxAgeNanos;
    private final Predicate<String> immutable;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    /** Fills in flight: a change of their key meanwhile makes them stale (never stored: the bytes may be the old ones). */
    private final Map<Key, Fill> filling = new HashMap<>();
    private long used;
    /**
     * Changes seen, numbered: a read of S3 that began before a change of its key (its {@link #ticket}) is never
     * kept, even when the change was announced before its answer came back. Recent changes by key, bounded; older
     * ones (and whole buckets, and gaps) count for every key through {@code changedBefore}.
     */
    private long changes;
    private long changedBefore;
    private final LinkedHashMap<Key, Long> recentChanges = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            if (size() > RECENT_CHANGES) {
                changedBefore = Math.max(changedBefore, eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private static final int RECENT_CHANGES = 4096;
    private long fillingBytes;
    private final Counter hits;
    private final Counter misses;

    @Inject
    ImageCache(ServingConfig config, ImageHeaders headers, MeterRegistry registry) {
        this(config.cache().size().asLongValue(), config.cache().maxObjectSize().asLongValue(), config.cache().maxAge(),
                headers::isContentAddressed, registry);
    }

    ImageCache(long capacity, long maxObject, Duration maxAge, Predicate<String> immutable, MeterRegistry registry) {
        this.capacity = capacity;
        this.maxObject = (int) Math.min(Integer.MAX_VALUE, Math.min(capacity, maxObject));
        this.maxAgeNanos = maxAge.toNanos();
        this.immutable = immutable;
        this.hits = registry.counter("imagepic.serving.cache.requests", "result", "hit");
        this.misses = registry.counter("imagepic.serving.cache.requests", "result", "miss");
    }

    /** Whether this key may be served from memory at all (an immutable key, and a cache with room). */
    public boolean holds(String key) {
        return capacity > 0 && immutable.test(key);
    }

    /** The image if it is in memory and fresh, with its own view of the bytes; null on a miss. */
    public Hit get(String bucket, String key) {
        Key k = new Key(bucket, key);
        synchronized (this) {
            Entry e = entries.get(k);
            if (e != null && System.nanoTime() - e.storedAt() > maxAgeNanos) {
                remove(k);
                e = null;
            }
            if (e == null) {
                misses.increment();
                return null;
            }
            hits.increment();
            return new Hit(e.etag(), e.lastModified(), e.lastModifiedDate(), e.contentType(), e.bytes().retainedDuplicate());
        }
    }

    /**
     * Starts keeping an image that is about to stream to a client whole (a 200 with a known length); null when it
     * is too large, has no validator, is being kept already, or too much is being filled at once. The returned
     * stream passes the bytes on unchanged and keeps a copy; {@link Fill#done} stores it if every byte came.
     */
    public Fill fill(String bucket, String key, String etag, String lastModified, String contentType, long length,
            ReadStream<Buffer> source) {
        return fill(bucket, key, etag, lastModified, contentType, length, source, ticket());
    }

    /**
     * The number of changes seen so far: take it before asking S3 for an image, and hand it to {@link #fill}, so an
     * answer that may predate a change announced meanwhile is not kept.
     */
    public synchronized long ticket() {
        return changes;
    }

    /** {@link #fill}, for a read of S3 that began at {@code ticket}: null if its key changed since. */
    public Fill fill(String bucket, String key, String etag, String lastModified, String contentType, long length,
            ReadStream<Buffer> source, long ticket) {
        if (!holds(key) || etag == null || length < 0 || length > maxObject) {
            return null;
        }
        Key k = new Key(bucket, key);
        synchronized (this) {
            if (changedBefore > ticket || recentChanges.getOrDefault(k, 0L) > ticket) {
                return null; // it changed while S3 was answering: these bytes may be the old ones
            }
            if (entries.containsKey(k) || filling.containsKey(k) || fillingBytes + length > Math.max(maxObject, capacity / 4)) {
                return null;
            }
            Fill fill = new Fill(k, new Entry(etag, lastModified, Conditions.httpDate(lastModified), contentType,
                    UnpooledByteBufAllocator.DEFAULT.directBuffer((int) length, (int) length), 0), source);
            filling.put(k, fill);
            fillingBytes += length;
            return fill;
        }
    }

    /** Forgets a key (it was written or removed, here or on another replica), and any fill of it in flight. */
    public synchronized void evict(String bucket, String key) {
        evict(bucket, key, null);
    }

    /**
     * Forgets a key unless it holds {@code etag} (the version now stored, null when the object was removed): a
     * notice of a write of the very bytes kept keeps them. A fill in flight of another version is never stored.
     */
    public synchronized void evict(String bucket, String key, String etag) {
        Key k = new Key(bucket, key);
        recentChanges.remove(k);
        recentChanges.put(k, ++changes);
        Entry e = entries.get(k);
        if (e != null && !sameEtag(e.etag(), etag)) {
            remove(k);
        }
        Fill f = filling.get(k);
        if (f != null && !sameEtag(f.entry.etag(), etag)) {
            f.stale = true;
        }
    }

    /** Forgets every key of a bucket, and every fill of it in flight. */
    public synchronized void evictBucket(String bucket) {
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().bucket().equals(bucket)) {
                it.remove();
                used -= e.getValue().bytes().capacity();
                e.getValue().bytes().release();
            }
        }
        filling.forEach((k, f) -> f.stale |= k.bucket().equals(bucket));
        changedBefore = ++changes; // rare: counts for every key
    }

    /** Forgets everything (changes may have been missed), fills in flight included. */
    public synchronized void clear() {
        entries.values().forEach(e -> e.bytes().release());
        entries.clear();
        used = 0;
        filling.values().forEach(f -> f.stale = true);
        changedBefore = ++changes;
    }

    /** ETags compared without their quotes (S3 answers them quoted, change notices carry them bare). */
    static boolean sameEtag(String cached, String announced) {
        return announced != null && !announced.isEmpty() && strip(cached).equals(strip(announced));
    }

    private static String strip(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    /** Bytes held now. */
    public synchronized long used() {
        return used;
    }

    private void remove(Key k) {
        Entry e = entries.remove(k);
        if (e != null) {
            used -= e.bytes().capacity();
            e.bytes().release();
        }
    }

    private synchronized void store(Key k, Fill fill, boolean complete) {
        filling.remove(k);
        Entry e = fill.entry;
        int size = e.bytes().capacity();
        fillingBytes -= size;
        if (!complete || fill.stale) {
            e.bytes().release();
            return;
        }
        while (used + size > capacity && !entries.isEmpty()) {
            remove(entries.keySet().iterator().next()); // the least recently used
        }
        Entry old = entries.put(k, new Entry(e.etag(), e.lastModified(), e.lastModifiedDate(), e.contentType(), e.bytes(),
                System.nanoTime()));
        if (old != null) {
            used -= old.bytes().capacity();
            old.bytes().release();
        }
        used += size;
    }

    /**
     * An image on its way to a client, copied as it passes (back-pressure is the source's, untouched). Call
     * {@link #done} once the answer ended, either way.
     */
    public final class Fill implements ReadStream<Buffer> {
        private final Key key;
        private final Entry entry;
        private final ReadStream<Buffer> source;
        private boolean overflowed;
        private boolean settled;
        /** Its key changed while it was filling (guarded by the cache's lock). */
        private boolean stale;

        private Fill(Key key, Entry entry, ReadStream<Buffer> source) {
            this.key = key;
            this.entry = entry;
            this.source = source;
        }

        /** Stores the image if the answer completed and every byte passed; else drops the copy. */
        public void done(boolean succeeded) {
            if (!settled) {
                settled = true;
                ByteBuf b = entry.bytes();
                store(key, this, succeeded && !overflowed && b.writerIndex() == b.capacity());
            }
        }

        @Override
        public Fill handler(Handler<Buffer> handler) {
            source.handler(handler == null ? null : chunk -> {
                ByteBuf b = entry.bytes();
                if (!overflowed && !settled && chunk.length() <= b.writableBytes()) {
                    chunk.getByteBuf().getBytes(0, b, chunk.length());
                } else {
                    overflowed = true; // more than announced: never stored
                }
                handler.handle(chunk);
            });
            return this;
        }

        @Override
        public Fill exceptionHandler(Handler<Throwable> handler) {
            source.exceptionHandler(handler);
            return this;
        }

        @Override
        public Fill pause() {
            source.pause();
            return this;
        }

        @Override
        public Fill resume() {
            source.resume();
            return this;
        }

        @Override
        public Fill fetch(long amount) {
            source.fetch(amount);
            return this;
        }

        @Override
        public Fill endHandler(Handler<Void> endHandler) {
            source.endHandler(endHandler);
            return this;
        }
    }
}
