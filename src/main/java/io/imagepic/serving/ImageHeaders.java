package io.imagepic.serving;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.vertx.core.MultiMap;

/**
 * The headers that make an image safe and cacheable: its true type, nosniff, a sandbox for anything a
 * browser could run (SVG, or a stored type that is no image), and Cache-Control by key and access.
 */
@Singleton
public class ImageHeaders {

    /** Scripts, plugins, forms and frames are off; inline styles stay so SVGs render as drawn. */
    static final String SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    static final long IMMUTABLE_SECONDS = 31_536_000;

    private static final Set<String> RASTER = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/avif", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon", "image/tiff", "image/apng",
            "image/heic", "image/heif", "image/jxl");
    private static final String SVG = "image/svg+xml";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("bmp", "image/bmp"), Map.entry("ico", "image/x-icon"), Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"), Map.entry("apng", "image/apng"), Map.entry("svg", SVG));

    /** How the caller got access, which decides who may cache the answer. */
    public enum Grant {
        PUBLIC,
        TOKEN,
        SIGNED
    }

    private final Pattern contentAddressed;
    private final long maxAgeSeconds;

    ImageHeaders(ServingConfig config) {
        this.contentAddressed = Pattern.compile(config.contentAddressedKey());
        this.maxAgeSeconds = config.maxAge().toSeconds();
    }

    /**
     * The type to answer. A stored image type is kept; anything else (the seed stored "image/.png",
     * clients send octet-stream) is taken from the key's extension; what is still no image is served as
     * a download.
     */
    public static String contentType(String stored, String key) {
        String type = stored == null ? "" : stored.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (RASTER.contains(type) || SVG.equals(type)) {
            return type;
        }
        int dot = key.lastIndexOf('.');
        String byExtension = dot < 0 ? null : BY_EXTENSION.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
        return byExtension != null ? byExtension : "application/octet-stream";
    }

    public boolean isContentAddressed(String key) {
        return contentAddressed.matcher(key).matches();
    }

    /** Sets Content-Type and the security headers of an image answer (200, 206, 304, HEAD). */
    public void secure(MultiMap headers, String contentType) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (!RASTER.contains(contentType)) {
            headers.set("Content-Security-Policy", SANDBOX);
        }
        if ("application/octet-stream".equals(contentType)) {
            headers.set("Content-Disposition", "attachment");
        }
    }

    /**
     * Public content-addressed images are immutable for everyone, CDNs included. Private images may be
     * kept by the browser only; a signed link's answer not beyond the link's expiry.
     */
    public String cacheControl(String key, Grant grant, long signedSecondsLeft) {
        boolean immutable = isContentAddressed(key);
        long maxAge = immutable ? IMMUTABLE_SECONDS : maxAgeSeconds;
        return switch (grant) {
            case PUBLIC -> "public, max-age=" + maxAge + (immutable ? ", immutable" : "");
            case TOKEN -> "private, max-age=" + maxAge + (immutable ? ", immutable" : "");
            case SIGNED -> "private, max-age=" + Math.max(0, Math.min(maxAge, signedSecondsLeft));
        };
    }
}
