package io.imagepic.serving;

import java.time.ZonedDateTime;

import io.vertx.core.MultiMap;

/** What a HEAD to the S3 server tells about an object. */
record ObjectMeta(String contentType, long size, String etag, String lastModifiedHeader, ZonedDateTime lastModified) {

    static ObjectMeta of(MultiMap headers) {
        String length = headers.get("Content-Length");
        String lastModified = headers.get("Last-Modified");
        return new ObjectMeta(headers.get("Content-Type"), length == null ? -1 : Long.parseLong(length),
                headers.get("ETag"), lastModified, Conditions.httpDate(lastModified));
    }
}
