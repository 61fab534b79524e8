package io.imagepic.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of setBucketPolicy. {@code mirrored} is present only when mirroring onto the S3 server is
 * switched on; {@code mirrorError} says why the S3 server did not take it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyChange(String bucketName, BucketPolicy policy, Boolean mirrored, String mirrorError) {
}
