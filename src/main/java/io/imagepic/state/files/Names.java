package io.imagepic.state.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * File names for keys that may hold any character (phones, client addresses such as {@code ::1}, ids):
 * letters, digits, {@code _} and {@code -} are kept, as is a {@code .} that does not start the name; every
 * other byte of the key's UTF-8 form becomes {@code %XX}. The mapping is one-to-one, so a listing gives the
 * keys back, and no key can name a path outside its directory, a hidden file (temp files start with a dot)
 * or carry the {@code @} that separates the parts of a claim's name.
 */
public final class Names {

    /** Longest encoded name: well below the 255 bytes of a file name, with room for suffixes. */
    public static final int MAX_LENGTH = 200;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Names() {
    }

    public static String encode(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (kept(c) || (c == '.' && name.length() > 0)) {
                name.append((char) c);
            } else {
                name.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("key too long for a file name");
        }
        return name.toString();
    }

    /** The key a name was encoded from, or null when the name is not one {@link #encode} makes. */
    public static String decode(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (kept(c) || (c == '.' && i > 0)) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        String key = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        return encode(key).equals(name) ? key : null; // canonical form only (no "%41" for "A", no bad UTF-8)
    }

    private static boolean kept(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
