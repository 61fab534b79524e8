package io.imagepic.upload;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.PartMemory;
import io.imagepic.transform.MetadataStrip;
import io.vertx.core.Vertx;

/**
 * Opens the sink a file's bytes go to: streamed under its own name, or held until its hash names it; with its
 * metadata stripped first when the request or the bucket asks.
 */
@ApplicationScoped
public class FileSinks {

    private final ObjectStore s3;
    private final ConditionalWrites writes;
    private final Spool spool;
    private final Vertx vertx;
    private final int partSize;
    private final MetadataStrip strip;

    FileSinks(UploadConfig config, ObjectStore s3, ConditionalWrites writes, Spool spool, Vertx vertx, MetadataStrip strip) {
        this.s3 = s3;
        this.strip = strip;
        this.writes = writes;
        this.spool = spool;
        this.vertx = vertx;
        this.partSize = UploadAdmission.partSize(config);
    }

    /**
     * @param key the object's key ({@code naming: original}), or null: named by the hash of its bytes
     * @param memory this file's grant, closed by the sink however it ends
     */
    FileSink open(UploadRequest request, String key, ImageType type, PartMemory.Grant memory) {
        FileSink sink = key != null ? new OriginalSink(s3, writes, partSize, request, key, type, memory)
                : new HashedSink(s3, writes, spool, vertx.fileSystem(), partSize, request, type, memory);
        if (request.strip() && type.strippable()) {
            sink = new StrippingSink(sink, strip); // a step before the sink, no more
        }
        return sink;
    }
}
