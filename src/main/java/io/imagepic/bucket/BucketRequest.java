package io.imagepic.bucket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.imagepic.web.BucketNames;

/** Body of makeBucket/removeBucket. Names follow S3's rules (3-63 lowercase letters, digits, '.', '-'). */
public record BucketRequest(
        @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName) {
}
