package io.imagepic.object;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the seed's object routes. */
public final class ObjectRequests {

    private ObjectRequests() {
    }

    /**
     * withUploader: also each object's uploader (one metadata read per object, so for small pages only). The
     * rest are the console's, none of the seed's: foldersFirst (folders before objects, paging counts objects),
     * order ({@code name}, the default, or {@code newest}), contains (a part of the name, any case).
     */
    public record ListObjects(@NotBlank String bucketName, String prefix, Integer pageSize, Integer pageNum,
            Boolean recursive, Boolean withUploader, Boolean foldersFirst, @Pattern(regexp = "name|newest") String order,
            @Size(max = 1024) String contains) {

        public ListObjects(String bucketName, String prefix, Integer pageSize, Integer pageNum, Boolean recursive,
                Boolean withUploader) {
            this(bucketName, prefix, pageSize, pageNum, recursive, withUploader, null, null, null);
        }
    }

    public record ObjectRef(@NotBlank String bucketName, @NotBlank @Size(max = 1024) String objectName) {
    }

    /** expiry in seconds; default and maximum 7 days. */
    public record PresignedGet(@NotBlank String bucketName, @NotBlank @Size(max = 1024) String objectName,
            Integer expiry) {
    }
}
