package io.imagepic.transform;

/** The version of a source image its derivatives belong to: its ETag, with its size and stored type. */
public record SourceVersion(String etag, long size, String contentType) {
}
