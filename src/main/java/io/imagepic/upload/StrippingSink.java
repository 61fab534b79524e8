package io.imagepic.upload;

import io.imagepic.transform.MetadataStrip;
import io.imagepic.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A file whose metadata is stripped before it is stored: its bytes are kept (up to the transforms' source
 * limit), stripped on the transform pool at the end, then written into the real sink in slices, with its
 * back-pressure. The stored object and its hash are those of the stripped file.
 */
final class StrippingSink implements FileSink {

    private static final int SLICE = 64 * 1024;

    private final FileSink target;
    private final MetadataStrip strip;
    private final Promise<Stored> result = Promise.promise();
    private Buffer file = Buffer.buffer();
    private boolean failed;

    StrippingSink(FileSink target, MetadataStrip strip) {
        this.target = target;
        this.strip = strip;
        target.result().onComplete(result::handle);
    }

    @Override
    public void write(Buffer chunk) {
        if (failed) {
            return;
        }
        if (file.length() + chunk.length() > strip.maxBytes()) {
            abort(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.FILE_TOO_LARGE, strip.maxBytes()));
            return;
        }
        file.appendBuffer(chunk);
    }

    @Override
    public boolean full() {
        return false;
    }

    @Override
    public void onDrain(Runnable drained) {
        drained.run();
    }

    @Override
    public void end() {
        if (failed) {
            return;
        }
        strip.strip(file).onComplete(ar -> {
            file = null;
            if (ar.failed()) {
                abort(ar.cause());
            } else {
                pump(ar.result(), 0);
            }
        });
    }

    private void pump(Buffer stripped, int from) {
        int pos = from;
        while (pos < stripped.length() && !failed) {
            int end = Math.min(stripped.length(), pos + SLICE);
            target.write(stripped.slice(pos, end));
            pos = end;
            if (target.full() && pos < stripped.length()) {
                int next = pos;
                target.onDrain(() -> pump(stripped, next));
                return;
            }
        }
        if (!failed) {
            target.end();
        }
    }

    @Override
    public void abort(Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        file = null;
        target.abort(cause);
        result.tryFail(cause);
    }

    @Override
    public Future<Stored> result() {
        return result.future();
    }
}
