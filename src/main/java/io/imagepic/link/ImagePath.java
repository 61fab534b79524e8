package io.imagepic.link;

import java.nio.charset.StandardCharsets;

import io.imagepic.s3.ObjectKeys;
import io.imagepic.web.ApiError;
import io.imagepic.web.BucketNames;

/**
 * Bucket and key of an image URL {@code /i/{bucket}/{key...}}, parsed from the raw (not normalized)
 * request path, so a traversal attempt is refused rather than silently resolved to another key.
 */
public record ImagePath(String bucket, String key) {

    public static final String PREFIX = "/i/";

    /** @throws ApiError 400 for a malformed path, an encoded slash, or a "." / ".." / empty segment */
    public static ImagePath parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw ApiError.badRequest(LinkMsg.PATH);
        }
        String[] segments = rawPath.substring(PREFIX.length()).split("/", -1);
        if (segments.length < 2) {
            throw ApiError.badRequest(LinkMsg.PATH);
        }
        String bucket = BucketNames.check(ObjectKeys.percentDecode(segments[0]));
        StringBuilder key = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = ObjectKeys.percentDecode(segments[i]);
            if (segment.indexOf('/') >= 0) {
                throw ApiError.badRequest(LinkMsg.ENCODED_SLASH);
            }
            key.append(i > 1 ? "/" : "").append(segment);
        }
        return new ImagePath(bucket, ObjectKeys.check(key.toString()));
    }

    /** True when a raw path under /i/ has a dot segment, plain or percent-encoded. */
    public static boolean hasDotSegment(String rawPath) {
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
}
