package io.imagepic.upload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.imagepic.web.ApiException;

/** Builds and checks object keys: folder/filename, kept byte for byte, nothing that escapes or confuses. */
public final class ObjectKeys {

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
            value = utf8(value.getBytes(StandardCharsets.ISO_8859_1), "folder header is not valid UTF-8");
        }
        if (value.indexOf('%') >= 0) {
            value = percentDecode(value);
        }
        // "a/b/" and "a/b" mean the same folder
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!value.isEmpty()) {
            check(value, "folder");
        }
        return value;
    }

    /** folder/filename, or filename alone without a folder. Refuses what could escape or confuse a path. */
    public static String key(String folder, String filename) {
        if (filename == null || filename.isBlank()) {
            throw ApiException.badRequest("file name is empty");
        }
        if (filename.indexOf('/') >= 0) {
            throw ApiException.badRequest("file name must not contain '/': " + filename);
        }
        String key = folder.isEmpty() ? filename : folder + "/" + filename;
        check(key, "key");
        return key;
    }

    static void check(String key, String what) {
        if (key.startsWith("/")) {
            throw ApiException.badRequest(what + " must not start with '/': " + key);
        }
        if (key.indexOf('\\') >= 0) {
            throw ApiException.badRequest(what + " must not contain a backslash: " + key);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !validSurrogatePair(key, i))) {
                throw ApiException.badRequest(what + " contains a control or invalid character");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw ApiException.badRequest(what + " has an empty path segment: " + key);
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw ApiException.badRequest(what + " must not contain '.' or '..' segments: " + key);
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ApiException.badRequest(what + " is longer than " + MAX_KEY_BYTES + " bytes");
        }
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0 || Character.digit(in[i + 2], 16) < 0) {
                    throw ApiException.badRequest("folder header has a malformed %-escape (send '%' as %25)");
                }
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return utf8(out.toByteArray(), "folder header does not decode to UTF-8");
    }

    private static String utf8(byte[] bytes, String error) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(error);
        }
    }
}
