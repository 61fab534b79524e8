package io.imagepic.s3;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

/**
 * An object being read: the S3 server's status (200, 206 or 304) and headers, and the body as a
 * {@link ReadStream} to pipe with back-pressure. While the reader pauses (a slow browser), the idle timeout
 * does not run; a server that stops sending mid-body fails the stream with {@link S3Exception.Code#TIMEOUT}.
 * Read it to its end or {@link #cancel()} it: either gives the connection back.
 */
public final class S3Object implements ReadStream<Buffer> {

    private final HttpClientResponse response;
    private final S3DataClient.Watchdog watchdog;
    private final ObjectInfo info;
    private final String bucket;
    private final String key;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean pausedByReader;

    S3Object(HttpClientResponse response, S3DataClient.Watchdog watchdog, String bucket, String key) {
        this.response = response;
        this.watchdog = watchdog;
        this.bucket = bucket;
        this.key = key;
        this.info = ObjectInfo.of(response.headers());
        // registered now, so the idle timer stops with the body whoever reads it
        response.endHandler(v -> {
            watchdog.stop();
            if (endHandler != null) {
                endHandler.handle(v);
            }
        });
        response.exceptionHandler(e -> {
            watchdog.stop();
            if (exceptionHandler != null) {
                exceptionHandler.handle(e instanceof S3Exception ? e
                        : S3Exception.failed(watchdog.expired ? S3Exception.Code.TIMEOUT : S3Exception.Code.CONNECTION_FAILED,
                                "getObject", bucket, key, e));
            }
        });
    }

    /** 200, 206 (a range) or 304 (not modified, no body). */
    public int status() {
        return response.statusCode();
    }

    public MultiMap headers() {
        return response.headers();
    }

    /** Metadata from the answer's headers; size is the whole object's, also for a range. */
    public ObjectInfo info() {
        return info;
    }

    public String header(String name) {
        return response.getHeader(name);
    }

    /** Drops the rest of the body and the connection (the reader went away mid-image). */
    public void cancel() {
        watchdog.stop();
        response.request().reset();
    }

    /** Reads the whole body (for small objects); fails past {@code maxBytes}. */
    public Future<Buffer> readAll(long maxBytes) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        exceptionHandler(promise::tryFail);
        endHandler(v -> promise.tryComplete(body));
        handler(chunk -> { // last: setting it starts the flow
            if (body.length() + chunk.length() > maxBytes) {
                cancel();
                promise.tryFail(new IllegalStateException("object larger than " + maxBytes + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        return promise.future();
    }

    /** Gets an {@link S3Exception}: TIMEOUT when the server stalled, CONNECTION_FAILED when it went away. */
    @Override
    public S3Object exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    /**
     * The body flows once a handler is set, unless the reader {@link #pause() paused} it first (as a pipe
     * does): until then it waits in the S3 connection, not in memory.
     */
    @Override
    public S3Object handler(Handler<Buffer> handler) {
        response.handler(handler == null ? null : chunk -> {
            watchdog.touch();
            handler.handle(chunk);
        });
        if (handler != null && !pausedByReader) {
            resume();
        }
        return this;
    }

    @Override
    public S3Object pause() {
        pausedByReader = true;
        watchdog.pause();
        response.pause();
        return this;
    }

    @Override
    public S3Object resume() {
        pausedByReader = false;
        watchdog.resume();
        response.resume();
        return this;
    }

    @Override
    public S3Object fetch(long amount) {
        watchdog.resume();
        response.fetch(amount);
        return this;
    }

    @Override
    public S3Object endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }
}
