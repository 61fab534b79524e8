package io.imagepic.support;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/**
 * Real images for the transform tests, made where they are needed: JPEG, PNG and GIF with Java's ImageIO,
 * WebP, AVIF and HEIC with libvips' own {@code vips} command (Debian's libvips-tools), EXIF written by hand.
 * And the attacks: headers that claim more pixels than the file holds, truncated files.
 */
public final class Pictures {

    private Pictures() {
    }

    /** A photo-like picture (gradient and noise, so it does not compress to nothing). */
    public static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 200, alpha ? 40 : 255), width, height,
                new Color(240, 180, 40, 255)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, Math.max(1, width / 10), Math.max(1, height / 10)); // top-left marker
        g.dispose();
        Random r = new Random(width * 31L + height);
        for (int i = 0; i < width * height / 8; i++) {
            int x = r.nextInt(width);
            int y = r.nextInt(height);
            img.setRGB(x, y, img.getRGB(x, y) ^ (r.nextInt(0x40) * 0x010101));
        }
        return img;
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpg");
    }

    public static byte[] pngWithAlpha(int width, int height) {
        return encode(picture(width, height, true), "png");
    }

    public static byte[] gif(int width, int height) {
        BufferedImage rgb = picture(width, height, false);
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(rgb, 0, 0, null);
        return encode(indexed, "gif");
    }

    /** A JPEG whose EXIF says: rotate 90° clockwise to show (orientation 6), taken at 31°14'N. */
    public static byte[] jpegWithExif(int width, int height, int orientation) {
        byte[] plain = jpeg(width, height);
        byte[] app1 = exifSegment(orientation);
        byte[] out = new byte[plain.length + app1.length];
        System.arraycopy(plain, 0, out, 0, 2); // SOI
        System.arraycopy(app1, 0, out, 2, app1.length);
        System.arraycopy(plain, 2, out, 2 + app1.length, plain.length - 2);
        return out;
    }

    /** WebP, AVIF or HEIC (by {@code suffix}: ".webp", ".avif", ".heic") of a PNG, made by {@code vips copy}. */
    public static byte[] viaVips(byte[] png, String suffix) {
        try {
            Path dir = Files.createTempDirectory("pictures");
            Path in = dir.resolve("in.png");
            Path out = dir.resolve("out" + suffix);
            Files.write(in, png);
            run("vips", "copy", in.toString(), out.toString());
            byte[] bytes = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Width and height as libvips reads them ({@code vipsheader}). */
    public static int[] dimensions(byte[] image) {
        try {
            Path f = Files.createTempFile("dims", ".img");
            Files.write(f, image);
            String w = run("vipsheader", "-f", "width", f.toString()).trim();
            String h = run("vipsheader", "-f", "height", f.toString()).trim();
            Files.delete(f);
            return new int[] { Integer.parseInt(w), Integer.parseInt(h) };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every field libvips reads from the file ({@code vipsheader -a}): EXIF tags appear as exif-ifdN-Name. */
    public static String metadata(byte[] image) {
        try {
            Path f = Files.createTempFile("meta", ".img");
            Files.write(f, image);
            String all = run("vipsheader", "-a", f.toString());
            Files.delete(f);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The colour at (x, y) as ImageIO reads it (JPEG, PNG). */
    public static Color pixel(byte[] image, int x, int y) {
        try {
            return new Color(ImageIO.read(new java.io.ByteArrayInputStream(image)).getRGB(x, y), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A valid PNG whose header claims {@code width × height} pixels, with one tiny compressed row: a
     * decompression bomb's header (100,000 × 100,000 is 10 gigapixels in a few dozen bytes).
     */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 });
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A real small JPEG whose frame header is changed to claim {@code width × height} pixels. */
    public static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = jpeg(64, 48);
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && ((jpeg[i + 1] & 0xff) == 0xc0 || (jpeg[i + 1] & 0xff) == 0xc2)) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no frame header");
    }

    public static byte[] truncated(byte[] image, double keep) {
        return Arrays.copyOf(image, (int) (image.length * keep));
    }

    /** True when {@code needle} occurs in {@code haystack}. */
    public static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer: for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** APP1 "Exif": IFD0 with Orientation and a GPS IFD with GPSLatitudeRef N, GPSLatitude 31/1 14/1 0/1. */
    private static byte[] exifSegment(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(92);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2); // IFD0 at 8
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 2); // GPS IFD at 38
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(68);
        tiff.putInt(0);
        tiff.putInt(31).putInt(1).putInt(14).putInt(1).putInt(0).putInt(1); // at 68
        byte[] body = Arrays.copyOf(tiff.array(), tiff.position());
        ByteBuffer seg = ByteBuffer.allocate(4 + 6 + body.length);
        seg.put((byte) 0xff).put((byte) 0xe1).putShort((short) (2 + 6 + body.length));
        seg.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).put(body);
        return seg.array();
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
