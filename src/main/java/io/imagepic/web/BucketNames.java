package io.imagepic.web;

import java.util.regex.Pattern;

/**
 * S3's bucket naming rules, checked wherever a bucket name comes in (bodies, headers, paths): a rule of the edge, so
 * that every module (tokens' allow-lists too) checks names without reaching into {@code s3}.
 */
public final class BucketNames {

    /** 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit. */
    public static final String PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
    /** For Bean Validation messages: a key of ValidationMessages(_zh).properties, rendered in the caller's language. */
    public static final String RULE = "{imagepic.bucket-name}";

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private BucketNames() {
    }

    public static boolean isValid(String bucket) {
        return bucket != null && VALID.matcher(bucket).matches();
    }

    /** The name, or a 400. */
    public static String check(String bucket) {
        if (!isValid(bucket)) {
            throw ApiError.badRequest(WebMsg.BUCKET_NAME);
        }
        return bucket;
    }
}
