package io.imagepic.upload;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What putObject answers for one stored file. {@code url} is the object's link for pages to embed. */
@RegisterForReflection // written by the Vert.x route's ObjectMapper: Quarkus REST does not see it
public record UploadedObject(String etag, String versionId, String bucket, String key, long size, String contentType,
        String url) {
}
