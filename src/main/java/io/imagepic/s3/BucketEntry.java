package io.imagepic.s3;

import java.time.Instant;

/** A bucket as the S3 server lists it; {@code created} is null when the server does not say. */
public record BucketEntry(String name, Instant created) {
}
