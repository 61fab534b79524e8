package io.imagepic.bucket;

/** Fired after a bucket is removed, so modules keeping per-bucket state (policies) can forget it. */
public record BucketRemoved(String bucket) {
}
