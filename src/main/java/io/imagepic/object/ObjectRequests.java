package io.imagepic.object;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.imagepic.s3.ObjectKeys;
import io.imagepic.web.BucketNames;

/**
 * Request bodies of the seed's object routes. Bucket names follow S3's rules; object names and prefixes are
 * checked by the one key rule ({@link ObjectKeys}) before anything else reads them: a name that could escape its
 * bucket or confuse a path ({@code ../other-bucket/key}) is a 400 with the reason.
 */
public final class ObjectRequests {

    private ObjectRequests() {
    }

    /**
     * withUploader: also each object's uploader (one metadata read per object, so for small pages only). The
     * rest are the console's, none of the seed's: foldersFirst (folders before objects, paging counts objects),
     * order ({@code name}, the default, or {@code newest}), contains (a part of the name, any case).
     */
    public record ListObjects(
            @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName,
            String prefix, Integer pageSize, Integer pageNum, Boolean recursive, Boolean withUploader,
            Boolean foldersFirst, @Pattern(regexp = "name|newest") String order, @Size(max = 1024) String contains) {

        public ListObjects(String bucketName, String prefix, Integer pageSize, Integer pageNum, Boolean recursive,
                Boolean withUploader) {
            this(bucketName, prefix, pageSize, pageNum, recursive, withUploader, null, null, null);
        }

        /** The prefix, checked ("" for none). */
        public String checkedPrefix() {
            return ObjectKeys.checkPrefix(prefix);
        }
    }

    public record ObjectRef(
            @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName,
            @NotBlank @Size(max = 1024) String objectName) {

        /** The object name, checked. */
        public String key() {
            return ObjectKeys.check(objectName);
        }
    }

    /** expiry in seconds; at most 7 days, default imagepic.serving.presign-default. */
    public record PresignedGet(
            @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName,
            @NotBlank @Size(max = 1024) String objectName, Integer expiry) {

        /** The object name, checked. */
        public String key() {
            return ObjectKeys.check(objectName);
        }
    }
}
