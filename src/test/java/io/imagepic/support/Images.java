package io.imagepic.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Small files whose first bytes make them what they claim to be (or not). */
public final class Images {

    private Images() {
    }

    /** A PNG signature and IHDR start, then {@code size} bytes in total of seeded noise. */
    public static byte[] png(int size, long seed) {
        byte[] b = noise(size, seed);
        byte[] magic = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
        System.arraycopy(magic, 0, b, 0, Math.min(magic.length, size));
        return b;
    }

    public static byte[] jpeg(int size, long seed) {
        byte[] b = noise(size, seed);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xE0;
        return b;
    }

    public static byte[] gif() {
        return pad("GIF89a".getBytes(StandardCharsets.US_ASCII), 64);
    }

    public static byte[] webp() {
        return pad(new byte[] { 'R', 'I', 'F', 'F', 56, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ' }, 64);
    }

    public static byte[] avif() {
        return pad(new byte[] { 0, 0, 0, 28, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0,
                'a', 'v', 'i', 'f', 'm', 'i', 'f', '1', 'm', 'i', 'a', 'f' }, 64);
    }

    public static byte[] bmp() {
        return pad(new byte[] { 'B', 'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0 }, 70);
    }

    public static byte[] ico() {
        return pad(new byte[] { 0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 1, 0, 0, 22, 0, 0, 0 }, 64);
    }

    public static byte[] svg() {
        return ("<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">"
                + "<script>alert(1)</script></svg>").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] html() {
        return "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] noise(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] pad(byte[] head, int size) {
        return Arrays.copyOf(head, Math.max(size, head.length));
    }
}
