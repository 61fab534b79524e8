package io.imagepic.s3;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.MultiMap;

/**
 * An object's metadata as the S3 server answers it to HEAD (or with a GET).
 *
 * @param size bytes of the whole object (-1 when the answer did not say)
 * @param lastModified the HTTP date as sent
 * @param metadata user metadata, names lower-case and without {@code x-amz-meta-}
 */
public record ObjectInfo(long size, String etag, String contentType, String lastModified, String versionId,
        Map<String, String> metadata) {

    private static final String META = "x-amz-meta-";

    static ObjectInfo of(MultiMap headers) {
        Map<String, String> metadata = new HashMap<>();
        headers.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(META)) {
                metadata.put(name.substring(META.length()), h.getValue());
            }
        });
        return new ObjectInfo(size(headers), headers.get("ETag"), headers.get("Content-Type"),
                headers.get("Last-Modified"), headers.get("x-amz-version-id"), Map.copyOf(metadata));
    }

    /** The whole object's size: from Content-Range on a 206 ("bytes 0-9/1234"), else Content-Length. */
    private static long size(MultiMap headers) {
        String range = headers.get("Content-Range");
        if (range != null) {
            int slash = range.lastIndexOf('/');
            if (slash > 0 && !range.endsWith("*")) {
                return parse(range.substring(slash + 1));
            }
        }
        String length = headers.get("Content-Length");
        return length == null ? -1 : parse(length);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
