package io.imagepic.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.jna.Memory;

import io.imagepic.support.Pictures;
import io.imagepic.web.ApiError;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The engine on real images, without HTTP: geometry, formats, metadata, and what it refuses before decoding. */
class VipsEngineTest {

    static VipsEngine engine;

    @BeforeAll
    static void start() {
        engine = new VipsEngine(config(Map.of()));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    static TransformConfig config(Map<String, String> settings) {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(TransformConfig.class).addDefaultInterceptors()
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(settings, "test", 500)).build();
        return c.getConfigMapping(TransformConfig.class);
    }

    static VipsEngine.Rendered run(VipsEngine e, byte[] source, Transform t) {
        try (Memory m = new Memory(source.length)) {
            m.write(0, source, 0, source.length);
            return e.transform(m, source.length, t);
        }
    }

    static VipsEngine.Rendered run(byte[] source, Transform t) {
        return run(engine, source, t);
    }

    @Test
    void clipKeepsTheAspectRatioInsideTheBox() {
        VipsEngine.Rendered r = run(Pictures.jpeg(2000, 1500), new Transform(256, 256, Fit.CLIP, OutputFormat.WEBP, 80));
        assertEquals(256, r.width());
        assertEquals(192, r.height());
        assertTrue(Pictures.contains(java.util.Arrays.copyOf(r.bytes(), 16), "WEBP"));
        assertArrayEquals(new int[] { 256, 192 }, Pictures.dimensions(r.bytes()));
    }

    @Test
    void cropFillsTheBox() {
        VipsEngine.Rendered r = run(Pictures.jpeg(2000, 1500), new Transform(300, 300, Fit.CROP, OutputFormat.JPEG, 0));
        assertArrayEquals(new int[] { 300, 300 }, Pictures.dimensions(r.bytes()));
    }

    @Test
    void clipScalesUpMaxNever() {
        assertEquals(800, run(Pictures.jpeg(400, 300), new Transform(800, 0, Fit.CLIP, null, 0)).width());
        assertEquals(400, run(Pictures.jpeg(400, 300), new Transform(800, 0, Fit.MAX, null, 0)).width());
    }

    @Test
    void orientationIsAppliedAndExifAndGpsAreGone() {
        byte[] source = Pictures.jpegWithExif(200, 100, 6);
        assertTrue(Pictures.contains(source, "Exif"));
        VipsEngine.Rendered r = run(source, new Transform(50, 0, Fit.CLIP, OutputFormat.JPEG, 0));
        assertArrayEquals(new int[] { 50, 100 }, Pictures.dimensions(r.bytes()), "portrait once rotated");
        assertFalse(Pictures.contains(r.bytes(), "Exif"));
    }

    @Test
    void stripOnUploadRemovesGpsAppliesOrientationKeepsTheFormat() {
        byte[] source = Pictures.jpegWithExif(200, 100, 6);
        try (Memory m = new Memory(source.length)) {
            m.write(0, source, 0, source.length);
            byte[] stripped = engine.strip(m, source.length);
            assertArrayEquals(new int[] { 100, 200 }, Pictures.dimensions(stripped));
            assertEquals((byte) 0xd8, stripped[1]);
            assertFalse(Pictures.contains(stripped, "GPS"));
            System.out.println("stripped has Exif: " + Pictures.contains(stripped, "Exif"));
        }
    }

    @Test
    void everyFormatIsReadAndWritten() {
        byte[] png = Pictures.pngWithAlpha(320, 240);
        for (byte[] source : new byte[][] { png, Pictures.gif(320, 240), Pictures.viaVips(png, ".webp"),
                Pictures.viaVips(png, ".avif"), Pictures.viaVips(png, ".heic") }) {
            for (OutputFormat f : OutputFormat.values()) {
                VipsEngine.Rendered r = run(source, new Transform(160, 0, Fit.CLIP, f, 0));
                assertArrayEquals(new int[] { 160, 120 }, Pictures.dimensions(r.bytes()), f.name());
            }
        }
    }

    @Test
    void bombsAndBrokenFilesAreRefusedBeforeDecoding() {
        ApiError e = assertThrows(ApiError.class,
                () -> run(Pictures.pngHeaderClaiming(100_000, 100_000), new Transform(64, 0, Fit.CLIP, null, 0)));
        assertEquals(422, e.status());
        e = assertThrows(ApiError.class,
                () -> run(Pictures.jpegClaiming(32_000, 32_000), new Transform(64, 0, Fit.CLIP, null, 0)));
        assertEquals(422, e.status());
        e = assertThrows(ApiError.class,
                () -> run(Pictures.truncated(Pictures.jpeg(800, 600), 0.5), new Transform(64, 0, Fit.CLIP, null, 0)));
        assertEquals(422, e.status());
        e = assertThrows(ApiError.class,
                () -> run("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(), new Transform(64, 0, Fit.CLIP, null, 0)));
        assertEquals(415, e.status());
    }

    @Test
    void theDeadlineStopsATransform() {
        VipsEngine slow = new VipsEngine(config(Map.of("imagepic.transform.deadline", "1ms")));
        try {
            ApiError e = assertThrows(ApiError.class,
                    () -> run(slow, Pictures.jpeg(3000, 2000), new Transform(2000, 0, Fit.CLIP, OutputFormat.AVIF, 0)));
            assertEquals(503, e.status());
        } finally {
            slow.stop();
        }
    }
}
