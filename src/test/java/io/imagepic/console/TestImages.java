package io.imagepic.console;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Real, decodable images (a browser must render them), each one different. */
final class TestImages {

    private static final Color[][] PALETTES = {
            { new Color(0x2457d6), new Color(0x7cc4ff) },
            { new Color(0xe8590c), new Color(0xffd43b) },
            { new Color(0x0c8599), new Color(0x96f2d7) },
            { new Color(0x862e9c), new Color(0xf783ac) },
            { new Color(0x2b8a3e), new Color(0xd8f5a2) },
            { new Color(0x364fc7), new Color(0xe599f7) },
    };

    private TestImages() {
    }

    /** A {@code width}x{@code height} PNG: a gradient with a few shapes, looking like a picture. */
    static byte[] png(int seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color[] p = PALETTES[Math.floorMod(seed, PALETTES.length)];
        g.setPaint(new GradientPaint(0, 0, p[0], width, height, p[1]));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255, 255, 255, 150));
        g.fillOval(width / 8 + seed * 7 % (width / 4), height / 6, width / 4, width / 4);
        g.setColor(new Color(255, 255, 255, 90));
        int[] xs = { 0, width / 3, width * 2 / 3, width };
        int[] ys = { height, height / 2 + seed % 20, height * 3 / 4, height };
        g.fillPolygon(xs, ys, 4);
        g.setStroke(new BasicStroke(3));
        g.setColor(new Color(255, 255, 255, 200));
        g.drawRoundRect(8, 8, width - 16, height - 16, 18, 18);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
