package io.imagepic.upload;

/**
 * What one file became in S3: its key, S3's answer, its size and type. {@code written} is false when a
 * content-addressed key already held the same bytes (nothing was written, nothing is announced); {@code created}
 * is true when a create-only write stored it (no object was at the key: nothing was replaced).
 */
record Stored(String key, String etag, String versionId, long size, ImageType type, boolean written, boolean created) {
}
