package io.imagepic.upload;

import io.imagepic.auth.Caller;

/** One file part to store, with what the request's headers said about it. */
public record UploadRequest(String bucket, String folder, String filename, String declaredType,
        UploadConfig.Naming naming, boolean overwrite, Caller caller) {
}
