package io.imagepic.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.imagepic.bucket.BucketRequest;

/** Body of setBucketPolicy: {@code {"bucketName": "fe-image", "policy": "public-read"}}. */
public record PolicyRequest(
        @NotBlank @Pattern(regexp = BucketRequest.BUCKET_NAME, message = "must be 3-63 lowercase letters, digits, '.' or '-'") String bucketName,
        @NotBlank @Pattern(regexp = "private|public-read", message = "must be 'private' or 'public-read'") String policy) {
}
