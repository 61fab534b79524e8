package io.imagepic.s3;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Writes a stream of unknown length into one S3 object, on the event loop, with bounded memory and
 * back-pressure: a file that fits in one part is one PUT; a larger one becomes a multipart upload that
 * reads part n+1 while part n is sent, and never holds more than two parts. Bytes are copied once, into
 * pooled slabs ({@link PartMemory}), and their CRC32C is taken as they are copied, so S3 can verify each
 * request without a second pass over the bytes.
 * <p>
 * {@link #writeQueueFull()} turns true when the next bytes have nowhere to go (a full part waits for the
 * one in flight, or the memory budget is spent): pause the source then, as {@code pipeTo} does, and resume
 * it on {@link #drainHandler}. {@link #end()} completes when the object is stored. On any failure, call
 * {@link #abort}: a multipart upload is aborted and no partial object ever appears. (When piping, use
 * {@code endOnFailure(false)}: ending a stream that failed would store a truncated file.)
 * <p>
 * Not thread-safe: use it from the event loop it was created on.
 */
public final class S3StreamUpload implements WriteStream<Buffer> {

    private static final Logger LOG = Logger.getLogger(S3StreamUpload.class);
    /** Abort attempts after the first, 1 s, 2 s, ... apart: about a minute in all. */
    private static final int ABORT_ATTEMPTS = 6;

    /**
     * The stored object: S3's answer, its size, whether it took a multipart upload, the key it got, and whether it
     * was created there (a create-only write succeeded: no object was at the key, so nothing was replaced).
     */
    public record Result(S3DataClient.PutResult put, long size, int parts, String key, boolean created) {
    }

    /** Where the bytes go: a key and how it is written there. */
    public record Target(String key, S3DataClient.ObjectWrite write) {
    }

    /** Most times a conflict handler is asked for another target before the upload fails. */
    static final int MAX_CONFLICTS = 16;

    private final S3DataClient client;
    private final String bucket;
    private final Future<Target> target;
    private final Function<S3Exception, Future<Target>> onConflict;
    private final PartMemory.Grant memory;
    private final int partSize;
    private final Promise<Result> done = Promise.promise();
    private final Promise<Void> aborted = Promise.promise();
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private final List<S3DataClient.UploadedPart> parts = new ArrayList<>();

    private Part filling;
    private Future<String> uploadId;
    private boolean sending;
    private boolean ended;
    private boolean finishing;
    private Throwable failure;
    private long size;
    private Handler<Void> drainHandler;
    private Handler<Throwable> exceptionHandler;

    /**
     * @param write how the object is written; it may still be decided (e.g. after a HEAD) while the first
     *        part fills: nothing is sent before it is, and if it fails, the upload is aborted with its failure
     * @param onConflict when the write's condition fails (412: the key exists, or changed), another write to
     *        try once with the same bytes (e.g. replace the version found, if allowed), or a failed future; null:
     *        the upload fails with PRECONDITION_FAILED
     * @param memory this upload's grant; it is closed when the upload ends, either way
     * @param partSize at least 5 MiB (S3's minimum for all parts but the last)
     */
    S3StreamUpload(S3DataClient client, String bucket, String key, Future<S3DataClient.ObjectWrite> write,
            Function<S3Exception, Future<S3DataClient.ObjectWrite>> onConflict, PartMemory.Grant memory, int partSize) {
        this(client, bucket, write.map(w -> new Target(key, w)), once(onConflict, key), memory, partSize);
    }

    /** A handler that says how to try once more: asked the first time only, a second refusal stands. */
    private static Function<S3Exception, Future<Target>> once(
            Function<S3Exception, Future<S3DataClient.ObjectWrite>> onConflict, String key) {
        if (onConflict == null) {
            return null;
        }
        boolean[] asked = { false };
        return e -> {
            if (asked[0]) {
                return Future.failedFuture(e);
            }
            asked[0] = true;
            return onConflict.apply(e).map(w -> new Target(key, w));
        };
    }

    /**
     * As above, with the key decided along with the write (e.g. the first free name), and a conflict handler
     * that may name another key: asked again after each refusal, up to {@link #MAX_CONFLICTS} times (a handler
     * that wants one more try only answers a failed future the second time). A multipart upload belongs to its
     * key: there a handler naming another key fails the upload with the refusal.
     */
    S3StreamUpload(S3DataClient client, String bucket, Future<Target> target,
            Function<S3Exception, Future<Target>> onConflict, PartMemory.Grant memory, int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
        this.client = client;
        this.bucket = bucket;
        this.target = target;
        this.onConflict = onConflict;
        this.memory = memory;
        this.partSize = partSize;
        this.filling = new Part(1);
        target.onFailure(this::abort); // refused before a byte was sent: stop reading at once
    }

    /** Completes when the object is stored (after {@link #end()}), or fails. */
    public Future<Result> result() {
        return done.future();
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** The multipart upload's id, once started (tests check it is gone after an abort). */
    Future<String> uploadId() {
        return uploadId;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (ended) {
            return Future.failedFuture(new IllegalStateException("upload already ended"));
        }
        size += data.length();
        ByteBuf src = data.getByteBuf();
        if (pending.isEmpty() && filling.append(src) && !src.isReadable()) {
            return Future.succeededFuture(); // the common case: copied into the part at once
        }
        // The rest waits for room. Keep a copy: the caller may reuse its buffer once write returns.
        if (src.isReadable()) {
            pending.add(src.copy());
        }
        pump();
        return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        Future<Void> f = write(data);
        if (handler != null) {
            f.onComplete(handler);
        }
    }

    @Override
    public Future<Void> end() {
        if (!ended && failure == null) {
            ended = true;
            pump();
        }
        return done.future().mapEmpty();
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        Future<Void> f = end();
        if (handler != null) {
            f.onComplete(handler);
        }
    }

    /**
     * Gives up: frees the parts, aborts the multipart upload (after the part in flight settles). The
     * future completes when nothing of this upload is left on the S3 server.
     */
    public Future<Void> abort(Throwable cause) {
        if (failure != null || done.future().isComplete()) {
            return aborted.future();
        }
        failure = cause;
        filling.bytes.free();
        pending.clear();
        if (!sending) {
            abortUpload();
        }
        done.tryFail(cause);
        if (exceptionHandler != null) {
            exceptionHandler.handle(cause);
        }
        return aborted.future();
    }

    @Override
    public S3StreamUpload exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public S3StreamUpload setWriteQueueMaxSize(int maxSize) {
        return this; // the queue is one part: its size is the part size
    }

    @Override
    public boolean writeQueueFull() {
        return failure == null && !pending.isEmpty();
    }

    @Override
    public S3StreamUpload drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    /** Moves waiting bytes into the part, sends full parts, and finishes once ended. */
    private void pump() {
        boolean wasFull = !pending.isEmpty();
        while (failure == null && !pending.isEmpty()) {
            if (filling.bytes.full()) {
                // More bytes than one part: this part is not the last one.
                if (sending) {
                    return; // it waits for the part in flight
                }
                send(filling);
                filling = new Part(filling.number + 1);
                continue;
            }
            ByteBuf src = pending.peek();
            if (!filling.append(src)) {
                return; // no memory for now: the part in flight gives its slabs back when sent
            }
            if (!src.isReadable()) {
                pending.poll();
            }
        }
        if (failure != null) {
            return;
        }
        if (ended && pending.isEmpty()) {
            finish();
        } else if (wasFull && pending.isEmpty() && drainHandler != null) {
            drainHandler.handle(null);
        }
    }

    private void send(Part part) {
        sending = true;
        if (uploadId == null) {
            uploadId = target.compose(t -> client.createMultipartUpload(bucket, t.key(), t.write()));
        }
        uploadId.compose(id -> client.uploadPart(bucket, key(), id, part.number, part.bytes.asBuffer(), part.bytes.crc32c()))
                .onComplete(ar -> {
                    part.bytes.free();
                    sending = false;
                    if (failure != null) {
                        abortUpload(); // failed meanwhile: now nothing is in flight
                        return;
                    }
                    if (ar.failed()) {
                        abort(ar.cause());
                        return;
                    }
                    parts.add(ar.result());
                    pump();
                });
    }

    private void finish() {
        if (finishing || sending || failure != null) {
            return;
        }
        if (uploadId == null) {
            // It all fit in one part: a single PUT.
            finishing = true;
            Part only = filling;
            target.compose(t -> orOnConflict(t, 0, again -> client.putObject(bucket, again.key(), again.write(),
                    only.bytes.asBuffer(), only.bytes.crc32c())
                    .map(put -> new Result(put, size, 0, again.key(), again.write().ifNoneMatch()))))
                    .onComplete(ar -> {
                        only.bytes.free(); // only now: a conflict sends the same bytes again
                        completed(ar);
                    });
            return;
        }
        if (filling.bytes.length() > 0) {
            Part last = filling;
            filling = new Part(last.number + 1);
            send(last);
            return;
        }
        finishing = true;
        List<S3DataClient.UploadedPart> all = List.copyOf(parts);
        String key = key();
        uploadId.compose(id -> orOnConflict(target.result(), 0, again -> again.key().equals(key)
                ? client.completeMultipartUpload(bucket, key, id, all, again.write())
                        .map(put -> new Result(put, size, parts.size(), key, again.write().ifNoneMatch()))
                : Future.failedFuture(new S3Exception(S3Exception.Code.PRECONDITION_FAILED, S3Msg.PRECONDITION_FAILED,
                        bucket, key)))) // the parts belong to their key
                .onComplete(ar -> {
                    if (ar.failed()) {
                        abort(ar.cause());
                    } else {
                        completed(ar);
                    }
                });
    }

    /** The key the multipart upload was started for. */
    private String key() {
        return target.result().key();
    }

    /** Sends to this target; while its condition fails and the conflict handler names another, sends there. */
    private Future<Result> orOnConflict(Target first, int conflicts, Function<Target, Future<Result>> send) {
        return send.apply(first).recover(e -> {
            if (onConflict != null && conflicts < MAX_CONFLICTS && e instanceof S3Exception s3e
                    && s3e.code() == S3Exception.Code.PRECONDITION_FAILED) {
                return onConflict.apply(s3e).compose(next -> orOnConflict(next, conflicts + 1, send));
            }
            return Future.failedFuture(e);
        });
    }

    private void completed(AsyncResult<Result> ar) {
        memory.close();
        if (ar.succeeded()) {
            done.tryComplete(ar.result());
        } else {
            abort(ar.cause());
        }
    }

    private void abortUpload() {
        memory.close();
        if (uploadId == null) {
            aborted.tryComplete();
            return;
        }
        uploadId.onFailure(e -> aborted.tryComplete()) // never started
                .onSuccess(id -> abortMultipart(id, 0));
    }

    /**
     * The S3 server may be the reason the upload failed (down, restarting): the abort is tried again, with a
     * growing delay, for about a minute, so its parts do not stay behind once it is back.
     */
    private void abortMultipart(String id, int attempt) {
        String key = key();
        client.abortMultipartUpload(bucket, key, id).onComplete(ar -> {
            Context context = Vertx.currentContext();
            if (ar.succeeded() || attempt >= ABORT_ATTEMPTS || context == null
                    || !(ar.cause() instanceof S3Exception e && e.isTransient())) {
                if (ar.failed()) {
                    LOG.warnf("could not abort multipart upload %s of %s/%s: %s", id, bucket, key, ar.cause().toString());
                }
                aborted.handle(ar);
                return;
            }
            context.owner().setTimer(1000L << attempt, t -> abortMultipart(id, attempt + 1));
        });
    }

    /** One part: its number and its bytes. */
    private final class Part {
        final int number;
        final Slabs bytes;

        Part(int number) {
            this.number = number;
            this.bytes = new Slabs(memory, partSize);
        }

        boolean append(ByteBuf src) {
            return bytes.append(src, null);
        }
    }
}
