package io.imagepic.s3;

import java.time.ZonedDateTime;

/**
 * One entry of a listing: an object (key, size, ETag without quotes, last modified), or, in a listing that is not
 * recursive, a folder: a common prefix ({@code key} ends with the delimiter), size 0 and nothing else.
 */
public record ListedObject(String key, boolean folder, long size, String etag, ZonedDateTime lastModified) {
}
