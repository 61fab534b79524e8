package io.imagepic.upload;

import io.imagepic.access.Caller;

/**
 * One file part to store, with what the request's headers said about it. {@code sizeHint} is the
 * request's Content-Length (-1 when chunked): an upper bound of the file's size, used to size buffers.
 * {@code origin} is how the client reached us ({@code scheme://host}), for the answer's permanent link.
 */
public record UploadRequest(String bucket, String folder, String filename, String declaredType,
        UploadConfig.Naming naming, boolean overwrite, Caller caller, long sizeHint, String origin) {

    /** The form field that carries files. */
    static final String FILE_FIELD = "file";

    UploadRequest forFile(String filename, String declaredType) {
        return new UploadRequest(bucket, folder, filename, declaredType, naming, overwrite, caller, sizeHint, origin);
    }
}
