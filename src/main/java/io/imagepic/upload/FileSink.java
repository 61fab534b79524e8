package io.imagepic.upload;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where one file's bytes go, on the event loop, with back-pressure: when {@link #full()}, the caller pauses
 * its source until {@link #onDrain}. {@link #result()} fails as soon as the sink fails (the S3 server refused,
 * or went away), so the caller stops reading; {@link #abort} gives up and leaves nothing behind.
 */
interface FileSink {

    void write(Buffer chunk);

    boolean full();

    /** Runs once, when the sink can take bytes again. */
    void onDrain(Runnable drained);

    /** All bytes were written. */
    void end();

    void abort(Throwable cause);

    Future<Stored> result();
}
