package io.imagepic.upload;

import io.imagepic.access.Caller;

/**
 * One file part to store, with what the request's headers said about it. {@code sizeHint} is the
 * request's Content-Length (-1 when chunked): an upper bound of the file's size, used to size buffers.
 * {@code origin} is how the client reached us ({@code scheme://host}), for the answer's permanent link.
 * {@code strip}: EXIF, GPS and XMP are removed from the files before they are stored (header {@code strip: exif},
 * or the bucket's setting).
 */
public record UploadRequest(String bucket, String folder, String filename, String declaredType,
        UploadConfig.Naming naming, Conflict conflict, Caller caller, long sizeHint, String origin, boolean strip) {

    /** What an original-named upload does when its key exists (header {@code conflict}, or the seed's {@code overwrite}). */
    public enum Conflict {
        /** Replace it (the seed's default; only one's own object unless one may manage the bucket). */
        REPLACE,
        /** Refuse with 409 (the seed's {@code overwrite: false}). */
        FAIL,
        /** Keep both: store under the first free name, {@code name-1.png}, {@code name-2.png}, ... */
        RENAME
    }

    UploadRequest(String bucket, String folder, String filename, String declaredType, UploadConfig.Naming naming,
            Conflict conflict, Caller caller, long sizeHint, String origin) {
        this(bucket, folder, filename, declaredType, naming, conflict, caller, sizeHint, origin, false);
    }

    /** The form field that carries files. */
    static final String FILE_FIELD = "file";

    UploadRequest forFile(String filename, String declaredType) {
        return new UploadRequest(bucket, folder, filename, declaredType, naming, conflict, caller, sizeHint, origin,
                strip);
    }
}
