package io.imagepic.serving;

import java.time.ZonedDateTime;

import io.imagepic.s3.ObjectInfo;

/** What a HEAD to the S3 server tells about an object, with its date parsed for the conditions. */
record ObjectMeta(String contentType, long size, String etag, String lastModifiedHeader, ZonedDateTime lastModified) {

    static ObjectMeta of(ObjectInfo info) {
        return new ObjectMeta(info.contentType(), info.size(), info.etag(), info.lastModified(),
                Conditions.httpDate(info.lastModified()));
    }
}
