package io.imagepic.serving;

import java.util.Map;

import jakarta.inject.Singleton;

import io.imagepic.link.ImagePath;
import io.imagepic.s3.ObjectInfo;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Object;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * The image route's requests to the S3 server, through the service's one data client, counted: what
 * serving images costs the S3 server (a 304 must cost one HEAD at most).
 */
@Singleton
public class S3Upstream {

    private final ObjectStore s3;
    private final Counter gets;
    private final Counter heads;

    S3Upstream(ObjectStore s3, MeterRegistry registry) {
        this.s3 = s3;
        this.gets = registry.counter("imagepic.serving.upstream.requests", "method", "GET");
        this.heads = registry.counter("imagepic.serving.upstream.requests", "method", "HEAD");
    }

    /** GET, with an optional single range; the body is not read yet. Call on the event loop. */
    public Future<S3Object> get(ImagePath path, String range) {
        gets.increment();
        return s3.get(path.bucket(), path.key(), range == null ? Map.of() : Map.of("Range", range));
    }

    /** HEAD: the object's metadata, one request. */
    public Future<ObjectInfo> head(ImagePath path) {
        heads.increment();
        return s3.head(path.bucket(), path.key());
    }
}
