package io.imagepic.upload;

/** What putObject answers for one stored file. {@code url} is the object's link for pages to embed. */
public record UploadedObject(String etag, String versionId, String bucket, String key, long size, String contentType,
        String url) {
}
