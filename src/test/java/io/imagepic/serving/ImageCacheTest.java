package io.imagepic.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** The image cache without HTTP: what it keeps, for how long, what it gives back, and when bytes are freed. */
class ImageCacheTest {

    static final String HASHED = "h/0123456789abcdef0123456789abcdef.png";
    static final String MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

    ImageCache cache(long capacity, long maxObject, Duration maxAge) {
        return new ImageCache(capacity, maxObject, maxAge, key -> key.startsWith("h/"), new SimpleMeterRegistry());
    }

    /** Streams {@code bytes} through a fill in chunks; returns whether it was kept. */
    static boolean fill(ImageCache cache, String key, byte[] bytes, long announced, boolean succeeded) {
        Source source = new Source();
        ImageCache.Fill fill = cache.fill("b", key, "\"etag-" + key + "\"", MODIFIED, "image/png", announced, source);
        if (fill == null) {
            return false;
        }
        ByteArrayCollector out = new ByteArrayCollector();
        fill.handler(out);
        for (int i = 0; i < bytes.length; i += 1000) {
            source.emit(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 1000))));
        }
        assertArrayEquals(bytes, out.bytes(), "the client gets every byte unchanged");
        fill.done(succeeded);
        return true;
    }

    static byte[] image(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(ImageCache.Hit hit) {
        byte[] b = new byte[(int) hit.size()];
        hit.bytes().getBytes(hit.bytes().readerIndex(), b);
        return b;
    }

    @Test
    void aWholeImageIsKeptAndServedWithItsValidators() {
        ImageCache cache = cache(1 << 20, 1 << 20, Duration.ofMinutes(10));
        byte[] png = image(5000, 1);
        assertNull(cache.get("b", HASHED));
        assertEquals(true, fill(cache, HASHED, png, png.length, true));
        ImageCache.Hit hit = cache.get("b", HASHED);
        assertNotNull(hit);
        assertEquals("\"etag-" + HASHED + "\"", hit.etag());
        assertEquals(MODIFIED, hit.lastModified());
        assertEquals(2026, hit.lastModifiedDate().getYear());
        assertEquals("image/png", hit.contentType());
        assertArrayEquals(png, read(hit));
        assertArrayEquals(Arrays.copyOfRange(png, 10, 30), hit.body(10, 20).getBytes());
        hit.release();
        assertEquals(5000, cache.used());
    }

    @Test
    void onlyImmutableKeysWholeAndWithinTheLimitsAreKept() {
        ImageCache cache = cache(100_000, 10_000, Duration.ofMinutes(10));
        byte[] png = image(5000, 2);
        assertEquals(false, fill(cache, "plain/logo.png", png, png.length, true), "a key that may change");
        assertEquals(false, fill(cache, HASHED, image(20_000, 3), 20_000, true), "larger than max-object-size");
        assertEquals(true, fill(cache, HASHED, png, png.length, false));
        assertNull(cache.get("b", HASHED), "the answer failed: not kept");
        assertEquals(true, fill(cache, HASHED, Arrays.copyOf(png, 4000), png.length, true));
        assertNull(cache.get("b", HASHED), "fewer bytes than announced: not kept");
        assertEquals(true, fill(cache, HASHED, png, 4000, true));
        assertNull(cache.get("b", HASHED), "more bytes than announced: not kept");
        assertEquals(0, cache.used());
        assertEquals(false, cache(0, 10_000, Duration.ofMinutes(10)).holds(HASHED), "size 0: off");
    }

    @Test
    void leastRecentlyUsedGoesFirstPastTheSize() {
        ImageCache cache = cache(25_000, 10_000, Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            fill(cache, "h/" + i + ".png", image(10_000, i), 10_000, true);
        }
        // 0 was the first in and was evicted for 2; 1 and 2 stay
        assertNull(cache.get("b", "h/0.png"));
        cache.get("b", "h/1.png").release(); // 1 is now more recent than 2
        fill(cache, "h/3.png", image(10_000, 3), 10_000, true);
        assertNull(cache.get("b", "h/2.png"));
        assertNotNull(cache.get("b", "h/1.png"));
        assertEquals(20_000, cache.used());
    }

    @Test
    void evictionAndAgeForgetEntriesButAHitKeepsItsBytesUntilReleased() {
        ImageCache cache = cache(100_000, 10_000, Duration.ofMinutes(10));
        byte[] png = image(3000, 4);
        fill(cache, HASHED, png, png.length, true);
        ImageCache.Hit held = cache.get("b", HASHED);
        cache.evict("b", HASHED);
        assertNull(cache.get("b", HASHED));
        assertEquals(0, cache.used());
        assertArrayEquals(png, read(held), "the bytes of an answer being written stay valid");
        assertEquals(1, held.bytes().refCnt());
        held.release();
        assertEquals(0, held.bytes().refCnt(), "and are freed once written");

        fill(cache, "h/a.png", png, png.length, true);
        fill(cache, "h/b.png", png, png.length, true);
        cache.evictBucket("b");
        assertNull(cache.get("b", "h/a.png"));
        assertEquals(0, cache.used());

        ImageCache young = cache(100_000, 10_000, Duration.ZERO);
        fill(young, HASHED, png, png.length, true);
        assertNull(young.get("b", HASHED), "past max-age: read from S3 again");
    }

    @Test
    void oneFillPerKeyAndABoundOnBytesInFlight() {
        ImageCache cache = cache(40_000, 10_000, Duration.ofMinutes(10));
        Source source = new Source();
        ImageCache.Fill first = cache.fill("b", "h/1.png", "\"e\"", MODIFIED, "image/png", 10_000, source);
        assertNotNull(first);
        assertNull(cache.fill("b", "h/1.png", "\"e\"", MODIFIED, "image/png", 10_000, source), "already being filled");
        assertNull(cache.fill("b", "h/2.png", "\"e\"", MODIFIED, "image/png", 10_000, source),
                "a quarter of the cache is in flight already");
        first.done(false);
        assertNotNull(cache.fill("b", "h/2.png", "\"e\"", MODIFIED, "image/png", 10_000, source));
        assertNull(cache.fill("b", "h/3.png", null, MODIFIED, "image/png", 10, source), "no ETag: never kept");
    }

    /**
     * A change of a key while its image streams into the cache (the bytes may be the old version's): the fill is never
     * stored, whether the key, its bucket or everything was evicted. A notice of the very version kept keeps it.
     */
    @Test
    void aChangeWhileAnImageIsFillingIsNeverOutlivedByTheOldBytes() {
        ImageCache first = cache(100_000, 10_000, Duration.ofMinutes(10));
        ImageCache cache = first;
        byte[] png = image(3000, 5);
        java.util.List<Runnable> changes = java.util.List.of(() -> first.evict("b", HASHED, "other"),
                () -> first.evict("b", HASHED, null), () -> first.evictBucket("b"), first::clear);
        for (Runnable change : changes) {
            Source source = new Source();
            ImageCache.Fill fill = cache.fill("b", HASHED, "\"v1\"", MODIFIED, "image/png", png.length, source);
            assertNotNull(fill);
            fill.handler(b -> {
            });
            source.emit(Buffer.buffer(Arrays.copyOf(png, 1000)));
            change.run(); // replaced or removed through another replica, mid-answer
            source.emit(Buffer.buffer(Arrays.copyOfRange(png, 1000, png.length)));
            fill.done(true);
            assertNull(cache.get("b", HASHED), "stale bytes were kept");
            assertEquals(0, cache.used());
        }

        for (Runnable change : changes) { // announced while S3 was answering, before the fill began
            long ticket = cache.ticket();
            change.run();
            assertNull(cache.fill("b", HASHED, "\"v1\"", MODIFIED, "image/png", png.length, new Source(), ticket),
                    "an answer that may predate the change is not kept");
        }
        long ticket = cache.ticket();
        cache.evict("b", "h/other.png", null);
        assertNotNull(cache.fill("b", HASHED, "\"v1\"", MODIFIED, "image/png", png.length, new Source(), ticket),
                "another key's change does not matter");

        cache = cache(100_000, 10_000, Duration.ofMinutes(10));
        Source source = new Source();
        ImageCache.Fill fill = cache.fill("b", HASHED, "\"v1\"", MODIFIED, "image/png", png.length, source);
        fill.handler(b -> {
        });
        cache.evict("b", HASHED, "v1"); // this very version announced (bare, as notices carry it)
        source.emit(Buffer.buffer(png));
        fill.done(true);
        ImageCache.Hit hit = cache.get("b", HASHED);
        assertNotNull(hit, "the version announced is the one kept");
        hit.release();
        cache.evict("b", HASHED, "\"v1\"");
        hit = cache.get("b", HASHED);
        assertNotNull(hit, "quoted or not, the same version");
        hit.release();
        cache.evict("b", HASHED, "v2");
        assertNull(cache.get("b", HASHED), "another version evicts");
    }

    /** A ReadStream the test pushes chunks through. */
    static final class Source implements ReadStream<Buffer> {
        Handler<Buffer> handler;

        void emit(Buffer b) {
            handler.handle(b);
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            return this;
        }
    }

    static final class ByteArrayCollector implements Handler<Buffer> {
        final Deque<byte[]> chunks = new ArrayDeque<>();

        @Override
        public void handle(Buffer b) {
            chunks.add(b.getBytes());
        }

        byte[] bytes() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }
}
