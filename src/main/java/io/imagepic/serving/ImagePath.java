package io.imagepic.serving;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.imagepic.bucket.BucketRequest;
import io.imagepic.web.ApiException;

/**
 * Bucket and key of an image URL {@code /i/{bucket}/{key...}}, parsed from the raw (not normalized)
 * request path, so a traversal attempt is refused rather than silently resolved to another key.
 */
public record ImagePath(String bucket, String key) {

    public static final String PREFIX = "/i/";
    static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET = Pattern.compile(BucketRequest.BUCKET_NAME);

    /** @throws ApiException 400 for a malformed path, an encoded slash, or a "." / ".." / empty segment */
    public static ImagePath parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw ApiException.badRequest("image paths look like /i/{bucket}/{key}");
        }
        String[] segments = rawPath.substring(PREFIX.length()).split("/", -1);
        if (segments.length < 2) {
            throw ApiException.badRequest("image paths look like /i/{bucket}/{key}");
        }
        String bucket = decode(segments[0]);
        if (!BUCKET.matcher(bucket).matches()) {
            throw ApiException.badRequest("invalid bucket name: " + bucket);
        }
        StringBuilder key = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = decode(segments[i]);
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ApiException.badRequest("path traversal or empty segment in the image key");
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                    throw ApiException.badRequest("encoded slash, backslash or control character in the image key");
                }
            }
            key.append(i > 1 ? "/" : "").append(segment);
        }
        if (key.toString().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw ApiException.badRequest("image key longer than " + MAX_KEY_BYTES + " bytes");
        }
        return new ImagePath(bucket, key.toString());
    }

    /** True when a raw path under /i/ has a dot segment, plain or percent-encoded. */
    static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String s = segment.replace("%2e", ".").replace("%2E", ".");
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The path of this image, each segment percent-encoded (RFC 3986 unreserved characters kept). */
    public String encoded() {
        StringBuilder sb = new StringBuilder(PREFIX).append(bucket);
        for (String segment : key.split("/", -1)) {
            sb.append('/');
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~') {
                    sb.append(c);
                } else {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return sb.toString();
    }

    /** Strict percent-decoding as UTF-8 ('+' stays '+': this is a path, not a form). */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw ApiException.badRequest("malformed percent-encoding in the image path");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the image path is not valid UTF-8");
        }
    }
}
