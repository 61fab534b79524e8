package io.imagepic.upload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What putObject answers for one stored file. {@code url} shows the image in an {@code <img>} for whoever
 * got the answer: the permanent link ({@code urlType: "permanent"}) when the bucket is public-read, else a
 * signed link ({@code urlType: "signed"}) that works until {@code urlExpiresAt}.
 */
@RegisterForReflection // written by the Vert.x route's ObjectMapper: Quarkus REST does not see it
public record UploadedObject(String etag, String versionId, String bucket, String key, long size, String contentType,
        String url, String urlType, @JsonInclude(JsonInclude.Include.NON_NULL) Instant urlExpiresAt) {

    public static final String PERMANENT = "permanent";
    public static final String SIGNED = "signed";
}
