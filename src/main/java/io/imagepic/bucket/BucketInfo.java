package io.imagepic.bucket;

import java.time.Instant;

/** One entry of listBuckets, as the seed answered it. */
public record BucketInfo(String name, Instant creationDate) {
}
