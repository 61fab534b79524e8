package io.imagepic.object;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the seed's object routes. */
public final class ObjectRequests {

    private ObjectRequests() {
    }

    /** withUploader: also each object's uploader (one metadata read per object, so for small pages only). */
    public record ListObjects(@NotBlank String bucketName, String prefix, Integer pageSize, Integer pageNum,
            Boolean recursive, Boolean withUploader) {
    }

    public record ObjectRef(@NotBlank String bucketName, @NotBlank @Size(max = 1024) String objectName) {
    }

    /** expiry in seconds; default and maximum 7 days. */
    public record PresignedGet(@NotBlank String bucketName, @NotBlank @Size(max = 1024) String objectName,
            Integer expiry) {
    }
}
