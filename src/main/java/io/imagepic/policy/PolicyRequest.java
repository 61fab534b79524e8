package io.imagepic.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.imagepic.web.BucketNames;

/** Body of setBucketPolicy: {@code {"bucketName": "fe-image", "policy": "public-read"}}. */
public record PolicyRequest(
        @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName,
        @NotBlank @Pattern(regexp = "private|public-read", message = "{imagepic.policy}") String policy) {
}
