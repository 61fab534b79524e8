package io.imagepic.bucket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Body of makeBucket/removeBucket. Names follow S3's rules (3-63 lowercase letters, digits, '.', '-'). */
public record BucketRequest(
        @NotBlank @Pattern(regexp = BucketRequest.BUCKET_NAME, message = "must be 3-63 lowercase letters, digits, '.' or '-'") String bucketName) {

    public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
}
