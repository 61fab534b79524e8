package io.imagepic.transform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Removes metadata chunks from a WebP file (RIFF): libvips 8.14.1's webpsave ignores {@code strip} and writes
 * the EXIF (GPS included) and XMP of its input, so derivatives are cleaned here, after encoding. The VP8X
 * header's flags are cleared to match; the image chunks are copied untouched.
 */
final class WebpMetadata {

    static final Set<String> METADATA = Set.of("EXIF", "XMP ");
    static final Set<String> WITH_PROFILE = Set.of("EXIF", "XMP ", "ICCP");
    private static final int FLAG_ICC = 0x20;
    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;

    private WebpMetadata() {
    }

    /** The file without the chunks named in {@code drop}; the input itself when it is no WebP or has none. */
    static byte[] without(byte[] webp, Set<String> drop) {
        if (webp.length < 12 || !ascii(webp, 0).equals("RIFF") || !ascii(webp, 8).equals("WEBP")) {
            return webp;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length);
        out.write(webp, 0, 12);
        boolean dropped = false;
        int pos = 12;
        while (pos + 8 <= webp.length) {
            String fourcc = ascii(webp, pos);
            long size = ByteBuffer.wrap(webp, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            long end = pos + 8 + size + (size & 1);
            if (end > webp.length) {
                return webp; // malformed: leave it as it is
            }
            if (drop.contains(fourcc)) {
                dropped = true;
            } else {
                int start = out.size();
                out.write(webp, pos, (int) (end - pos));
                if (fourcc.equals("VP8X") && size >= 1) {
                    byte[] sofar = out.toByteArray();
                    int flags = sofar[start + 8] & 0xff;
                    if (drop.contains("ICCP")) {
                        flags &= ~FLAG_ICC;
                    }
                    flags &= ~(FLAG_EXIF | FLAG_XMP);
                    sofar[start + 8] = (byte) flags;
                    out.reset();
                    out.write(sofar, 0, sofar.length);
                }
            }
            pos = (int) end;
        }
        if (!dropped) {
            return webp;
        }
        byte[] result = out.toByteArray();
        ByteBuffer.wrap(result, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(result.length - 8);
        return result;
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.US_ASCII);
    }
}
