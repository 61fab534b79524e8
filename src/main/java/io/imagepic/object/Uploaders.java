package io.imagepic.object;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The uploader's id as recorded in object metadata ({@code x-amz-meta-uploader}). S3 metadata is
 * ASCII, so ids are stored URL-encoded (UTF-8); plain ASCII ids are stored as they are.
 */
public final class Uploaders {

    public static final String METADATA_KEY = "uploader";

    private Uploaders() {
    }

    public static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    public static String decode(String stored) {
        return stored == null ? null : URLDecoder.decode(stored, StandardCharsets.UTF_8);
    }
}
