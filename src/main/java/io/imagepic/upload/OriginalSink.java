package io.imagepic.upload;

import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.PartMemory;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3StreamUpload;
import io.imagepic.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A file stored under the key its name gives: streamed into S3 as it arrives (one PUT, or a multipart
 * upload holding two parts at most), written under the condition decided meanwhile.
 */
final class OriginalSink implements FileSink {

    private final S3StreamUpload upload;
    private final Future<Stored> result;

    /** Keeping both: the number the next free-name probe starts at (after a name lost to a concurrent upload). */
    private int next;

    OriginalSink(ObjectStore s3, ConditionalWrites writes, int partSize, UploadRequest request, String key, ImageType type,
            PartMemory.Grant memory) {
        ObjectWrite write = ConditionalWrites.write(type, request.caller(), null);
        this.upload = switch (request.conflict()) {
            case REPLACE -> s3.upload(request.bucket(), key, Future.succeededFuture(write.createOnly()),
                    refused -> writes.replacement(request, key, write), memory, partSize);
            case FAIL -> s3.upload(request.bucket(), key, Future.succeededFuture(write.createOnly()), null,
                    memory, partSize);
            case RENAME -> s3.upload(request.bucket(), free(writes, request, key, write),
                    refused -> free(writes, request, key, write), memory, partSize);
        };
        this.result = upload.result()
                .map(r -> new Stored(r.key(), r.put().etag(), r.put().versionId(), r.size(), type, true, r.created()))
                .recover(e -> Future.failedFuture(lostRace(e, request, key)));
    }

    private Future<S3StreamUpload.Target> free(ConditionalWrites writes, UploadRequest request, String key,
            ObjectWrite write) {
        return writes.freeName(request, key, write, next).map(found -> {
            next = found.number() + 1;
            return found.target();
        });
    }

    /** The conditional write lost: the key was created, or the object replaced, by someone else meanwhile. */
    private static Throwable lostRace(Throwable e, UploadRequest request, String key) {
        if (e instanceof S3Exception s3e && s3e.code() == S3Exception.Code.PRECONDITION_FAILED) {
            return ApiError.conflict(request.conflict() == UploadRequest.Conflict.FAIL ? UploadMsg.EXISTS : UploadMsg.CHANGED,
                    request.bucket(), key);
        }
        return e;
    }

    @Override
    public void write(Buffer chunk) {
        upload.write(chunk);
    }

    @Override
    public boolean full() {
        return upload.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable drained) {
        upload.drainHandler(v -> drained.run());
    }

    @Override
    public void end() {
        upload.end();
    }

    @Override
    public void abort(Throwable cause) {
        upload.abort(cause);
    }

    @Override
    public Future<Stored> result() {
        return result;
    }
}
