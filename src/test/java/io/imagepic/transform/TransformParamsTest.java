package io.imagepic.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.web.ApiError;

/** The parameters' rules and canonical form (what a signature covers), and the WebP metadata clean-up. */
class TransformParamsTest {

    static TransformParams parse(String query) {
        return TransformParams.parse(TransformParams.split(query));
    }

    @Test
    void theCanonicalFormIsOneOrderAndOneSpelling() {
        assertEquals("w=256&fm=webp", parse("fm=WEBP&w=256").canonical());
        assertEquals("w=256&fm=jpg", parse("w=256&fm=jpeg").canonical());
        assertEquals("w=100&dpr=2", parse("dpr=2.00&w=100").canonical());
        assertEquals("w=100&dpr=1.5", parse("dpr=1.50&w=100").canonical());
        assertEquals("auto=format&preset=thumb", parse("preset=thumb&auto=format").canonical());
        assertEquals("", parse("expires=1&signature=x").canonical(), "the link's own parameters are not transforms");
        assertTrue(parse("").isEmpty());
    }

    @Test
    void everyRuleIsABadRequest() {
        for (String q : List.of("x=1", "w=0", "w=8193", "w=-5", "w=1e3", "w=", "h=abc", "fit=fill", "fm=gif", "q=0",
                "q=101", "dpr=0.9", "dpr=3.01", "dpr=2.555", "auto=enhance", "w=1&w=2")) {
            ApiError e = assertThrows(ApiError.class, () -> parse(q), q);
            assertEquals(400, e.status(), q);
        }
    }

    @Test
    void dprMultipliesAndIsBounded() {
        TransformParams p = parse("w=100&h=50&dpr=1.5");
        assertEquals(150, p.pixels(p.w(), "w"));
        assertEquals(75, p.pixels(p.h(), "h"));
        TransformParams big = parse("w=4000&dpr=3");
        assertThrows(ApiError.class, () -> big.pixels(big.w(), "w"));
    }

    @Test
    void presetsAreCheckedAtStart() {
        assertThrows(IllegalStateException.class, () -> TransformParams.parsePreset("bad", "w=0"));
        assertThrows(IllegalStateException.class, () -> TransformParams.parsePreset("nested", "preset=thumb"));
        assertEquals("w=256&h=256&fit=crop&auto=format",
                TransformParams.parsePreset("thumb", "w=256&h=256&fit=crop&auto=format").canonical());
    }

    @Test
    void webpMetadataChunksAreRemovedAndFlagsCleared() {
        byte[] vp8x = chunk("VP8X", new byte[] { 0x2c, 0, 0, 0, 9, 0, 0, 9, 0, 0 }); // ICC + EXIF + XMP flags
        byte[] webp = riff(vp8x, chunk("ICCP", new byte[7]), chunk("VP8 ", new byte[20]),
                chunk("EXIF", "Exif\0\0GPS".getBytes(StandardCharsets.ISO_8859_1)),
                chunk("XMP ", new byte[4]));
        byte[] clean = WebpMetadata.without(webp, WebpMetadata.WITH_PROFILE);
        String text = new String(clean, StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("EXIF") && !text.contains("XMP ") && !text.contains("ICCP") && text.contains("VP8 "));
        assertEquals(clean.length - 8, ByteBuffer.wrap(clean, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(0, clean[20] & 0x2c, "flags cleared");
        byte[] keptProfile = WebpMetadata.without(webp, WebpMetadata.METADATA);
        assertTrue(new String(keptProfile, StandardCharsets.ISO_8859_1).contains("ICCP"));
        assertEquals(0x20, keptProfile[20] & 0x2c);
    }

    static byte[] chunk(String fourcc, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    static byte[] riff(byte[]... chunks) {
        int size = 4;
        for (byte[] c : chunks) {
            size += c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            b.put(c);
        }
        return b.array();
    }

    static Map<String, List<String>> none() {
        return Map.of();
    }
}
