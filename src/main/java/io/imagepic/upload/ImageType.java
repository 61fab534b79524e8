package io.imagepic.upload;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The image types the service stores, recognised by their magic bytes only: a file's name and the
 * client's Content-Type are claims, the bytes are the truth.
 */
public enum ImageType {

    PNG("image/png", "png", Set.of("png"), Set.of()),
    JPEG("image/jpeg", "jpg", Set.of("jpg", "jpeg", "jpe", "jfif"), Set.of("image/jpg", "image/pjpeg")),
    GIF("image/gif", "gif", Set.of("gif"), Set.of()),
    WEBP("image/webp", "webp", Set.of("webp"), Set.of()),
    AVIF("image/avif", "avif", Set.of("avif"), Set.of()),
    BMP("image/bmp", "bmp", Set.of("bmp", "dib"), Set.of("image/x-bmp", "image/x-ms-bmp")),
    ICO("image/x-icon", "ico", Set.of("ico"), Set.of("image/vnd.microsoft.icon", "image/ico")),
    SVG("image/svg+xml", "svg", Set.of("svg"), Set.of());

    /** Bytes needed to recognise any type (an SVG root may follow a prolog, comments and a doctype). */
    public static final int SNIFF_BYTES = 4096;

    private final String mediaType;
    private final String extension;
    private final Set<String> extensions;
    private final Set<String> aliases;

    ImageType(String mediaType, String extension, Set<String> extensions, Set<String> aliases) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.extensions = extensions;
        this.aliases = aliases;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Extension used for content-addressed keys. */
    public String extension() {
        return extension;
    }

    /** Whether a file name's extension claims this type (names without an extension claim nothing). */
    public boolean matchesName(String filename) {
        int dot = filename.lastIndexOf('.');
        int slash = filename.lastIndexOf('/');
        if (dot <= slash + 1 || dot == filename.length() - 1) {
            return true;
        }
        return extensions.contains(filename.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether the client's part Content-Type agrees; generic or missing types claim nothing. */
    public boolean matchesDeclared(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String ct = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (ct.equals("application/octet-stream") || ct.equals("binary/octet-stream")) {
            return true;
        }
        return ct.equals(mediaType) || aliases.contains(ct);
    }

    /** Recognises the type from the first bytes of a file. */
    public static Optional<ImageType> sniff(byte[] b, int len) {
        if (startsWith(b, len, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, len, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, len, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, len, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(b, len, 0, 'R', 'I', 'F', 'F') && startsWith(b, len, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (isAvif(b, len)) {
            return Optional.of(AVIF);
        }
        if (isBmp(b, len)) {
            return Optional.of(BMP);
        }
        if (isIco(b, len)) {
            return Optional.of(ICO);
        }
        if (isSvg(b, len)) {
            return Optional.of(SVG);
        }
        return Optional.empty();
    }

    /** ISO-BMFF: an ftyp box whose major or compatible brands name AVIF. */
    private static boolean isAvif(byte[] b, int len) {
        if (len < 16 || !startsWith(b, len, 4, 'f', 't', 'y', 'p')) {
            return false;
        }
        long boxSize = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        int end = (int) Math.min(Math.min(boxSize, len), 256);
        for (int brand = 8; brand + 4 <= end; brand += 4) {
            if (brand == 12) {
                continue; // minor version, not a brand
            }
            if (startsWith(b, len, brand, 'a', 'v', 'i', 'f') || startsWith(b, len, brand, 'a', 'v', 'i', 's')) {
                return true;
            }
        }
        return false;
    }

    /** "BM" alone is too weak: also require a known DIB header size at offset 14. */
    private static boolean isBmp(byte[] b, int len) {
        if (len < 18 || !startsWith(b, len, 0, 'B', 'M')) {
            return false;
        }
        int dib = (b[14] & 0xFF) | ((b[15] & 0xFF) << 8) | ((b[16] & 0xFF) << 16) | ((b[17] & 0xFF) << 24);
        return dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124;
    }

    /** ICONDIR: reserved 0, type 1 (icon), at least one image, first entry's reserved byte 0. */
    private static boolean isIco(byte[] b, int len) {
        if (len < 22 || !startsWith(b, len, 0, 0, 0, 1, 0)) {
            return false;
        }
        int count = (b[4] & 0xFF) | ((b[5] & 0xFF) << 8);
        return count > 0 && b[9] == 0;
    }

    /** Text whose root element is svg: skips a BOM, whitespace, the XML prolog, comments and a doctype. */
    private static boolean isSvg(byte[] b, int len) {
        String s = new String(b, 0, Math.min(len, SNIFF_BYTES), StandardCharsets.UTF_8);
        int i = s.startsWith("\uFEFF") ? 1 : 0;
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (s.startsWith("<?", i)) {
                i = skipPast(s, i, "?>");
            } else if (s.startsWith("<!--", i)) {
                i = skipPast(s, i, "-->");
            } else if (s.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
                i = skipPast(s, i, ">");
            } else {
                break;
            }
            if (i < 0) {
                return false;
            }
        }
        return s.startsWith("<svg", i) && i + 4 < s.length()
                && (Character.isWhitespace(s.charAt(i + 4)) || s.charAt(i + 4) == '>' || s.charAt(i + 4) == '/');
    }

    private static int skipPast(String s, int from, String end) {
        int at = s.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    private static boolean startsWith(byte[] b, int len, int offset, int... magic) {
        if (len < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Carries EXIF or XMP that {@code strip: exif} removes (a GIF, BMP, icon or SVG is stored as it is). */
    boolean strippable() {
        return this == JPEG || this == PNG || this == WEBP || this == AVIF;
    }
}
