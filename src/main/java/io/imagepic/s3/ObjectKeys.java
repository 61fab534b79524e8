package io.imagepic.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.imagepic.web.ApiError;

/**
 * Object keys: folder/filename, kept byte for byte, and nothing that escapes or confuses a path. The rules of
 * every key the service builds (uploads) or reads (image paths, bodies).
 */
public final class ObjectKeys {

    /** S3's limit on a key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /**
     * The folder header. HTTP header values arrive as ISO-8859-1 characters: raw UTF-8 bytes are decoded
     * as UTF-8, and %XX escapes (what a browser's fetch must send for non-ASCII) are decoded too.
     */
    public static String folderFromHeader(String raw) {
        if (raw == null) {
            return "";
        }
        String value = raw.trim();
        if (value.chars().anyMatch(c -> c > 0x7F)) {
            value = utf8(value.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (value.indexOf('%') >= 0) {
            value = percentDecode(value);
        }
        // "a/b/" and "a/b" mean the same folder
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!value.isEmpty()) {
            check(value);
        }
        return value;
    }

    /** folder/filename, or filename alone without a folder. Refuses what could escape or confuse a path. */
    public static String key(String folder, String filename) {
        if (filename == null || filename.isBlank()) {
            throw ApiError.badRequest(S3Msg.EMPTY_NAME);
        }
        if (filename.indexOf('/') >= 0) {
            throw ApiError.badRequest(S3Msg.SLASH_IN_NAME, filename);
        }
        String key = folder.isEmpty() ? filename : folder + "/" + filename;
        check(key);
        return key;
    }

    /** Refuses a leading '/', backslashes, control characters, empty, '.' and '..' segments, and over-long keys. */
    public static String check(String key) {
        rules(key, key);
        return key;
    }

    /** The rules of {@link #check}; reasons name {@code shown}. */
    private static void rules(String key, String shown) {
        if (key.startsWith("/")) {
            throw ApiError.badRequest(S3Msg.LEADING_SLASH, shown);
        }
        if (key.indexOf('\\') >= 0) {
            throw ApiError.badRequest(S3Msg.BACKSLASH, shown);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !validSurrogatePair(key, i))) {
                throw ApiError.badRequest(S3Msg.CONTROL_CHARACTER);
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw ApiError.badRequest(S3Msg.BAD_SEGMENT, shown);
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ApiError.badRequest(S3Msg.KEY_TOO_LONG, MAX_KEY_BYTES);
        }
    }

    /**
     * A listing prefix, the start of a key: refused when no key starting with it would pass {@link #check}, or when
     * it ends in a '.' or '..' segment. Empty is every key.
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String last = prefix.substring(prefix.lastIndexOf('/') + 1);
        if (last.equals(".") || last.equals("..")) {
            throw ApiError.badRequest(S3Msg.BAD_SEGMENT, prefix);
        }
        rules(prefix + "x", prefix); // the shortest key it starts
        return prefix;
    }

    /** Strict percent-decoding as UTF-8 ('+' stays '+': paths and headers, not forms); 400 on a bad escape. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0 || Character.digit(in[i + 2], 16) < 0) {
                    throw ApiError.badRequest(S3Msg.BAD_ESCAPE);
                }
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return utf8(out.toByteArray());
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(S3Msg.NOT_UTF8);
        }
    }
}
