package io.imagepic.upload;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One file's answer when a request carries several: the stored object, or why it was refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // written by the Vert.x route's ObjectMapper: Quarkus REST does not see it
public record FileResult(boolean success, String file, Integer status, String msg, String etag, String versionId,
        String bucket, String key, Long size, String contentType, String url, String urlType,
        java.time.Instant urlExpiresAt) {

    static FileResult ok(String file, UploadedObject o) {
        return new FileResult(true, file, 200, "成功", o.etag(), o.versionId(), o.bucket(), o.key(), o.size(),
                o.contentType(), o.url(), o.urlType(), o.urlExpiresAt());
    }

    static FileResult failed(String file, int status, String msg) {
        return new FileResult(false, file, status, msg, null, null, null, null, null, null, null, null, null);
    }
}
