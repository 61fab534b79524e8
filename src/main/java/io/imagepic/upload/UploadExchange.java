package io.imagepic.upload;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.imagepic.s3.ObjectKeys;
import io.imagepic.s3.PartMemory;
import io.imagepic.s3.S3Msg;
import io.imagepic.web.ApiError;
import io.imagepic.web.ApiResponse;
import io.imagepic.web.Edge;
import io.imagepic.web.Lang;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * One putObject request, on its event loop from first byte to answer: the body's buffers go through a
 * {@link MultipartScanner}, and each file part is streamed into its sink as it arrives (no worker thread),
 * answered once all are stored. It holds the request's limits: bytes per file and per request, the client's idle
 * time, each file's deadline and the minimum transfer rate (time the service holds the client back, while S3
 * takes a part, counts for none of them).
 */
final class UploadExchange implements MultipartScanner.Listener {

    private static final Logger LOG = Logger.getLogger(UploadExchange.class);

    private final RoutingContext rc;
    private final HttpServerRequest request;
    private final UploadRequest template;
    private final UploadExchanges.Context context;
    private final UploadExchanges.Limits limits;
    private final MultipartScanner scanner;
    private final Runnable onDone;
    private final Lang lang;
    private final List<FileResult> results = new ArrayList<>();
    private final List<ApiError> errors = new ArrayList<>();
    private final List<FileUpload> files = new ArrayList<>();
    private long timer;

    /** Memory reserved before the body was read, for the first file. */
    private PartMemory.Grant reserved;
    /** The file part being read, or null (a form field, a refused file: its bytes are dropped). */
    private FileUpload current;
    private int pending;
    private long bytes;
    private boolean requestEnded;
    private boolean answered;
    private boolean done;

    // the client's pace
    /** Files whose sink is full: while any is, the request is paused. */
    private int heldBack;
    private long lastActivity = System.nanoTime();
    private long lastTick = lastActivity;
    private long windowNanos;
    private long windowBytes;

    UploadExchange(RoutingContext rc, UploadRequest template, String boundary, UploadAdmission.Admitted admitted,
            UploadExchanges.Context context) {
        this.rc = rc;
        this.request = rc.request();
        this.template = template;
        this.reserved = admitted.memory();
        this.onDone = admitted.leave();
        this.context = context;
        this.limits = context.limits();
        this.scanner = new MultipartScanner(boundary, this);
        this.lang = Lang.of(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** Takes over the paused request: reads its body from now on. */
    void start() {
        long tick = Math.max(50, Math.min(1000,
                Math.min(limits.idleTimeout().toMillis(), limits.minRateWindow().toMillis()) / 4));
        timer = context.vertx().setPeriodic(tick, id -> tick());
        rc.response().closeHandler(v -> clientGone(new IllegalStateException("connection closed")));
        request.handler(this::onBuffer);
        request.exceptionHandler(this::clientGone);
        request.endHandler(v -> onRequestEnd());
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue(); // checks passed: now the client may send the body (curl waits 1 s otherwise)
        }
        request.resume();
    }

    private void onBuffer(Buffer buffer) {
        countBytes(buffer.length());
        if (answered) {
            return; // the answer is out and the connection closes after it: the rest is dropped
        }
        try {
            scanner.feed(buffer);
        } catch (MultipartScanner.Malformed e) {
            malformed(e);
        }
    }

    // ---------------------------------------------------------------- the scanner's parts

    @Override
    public void partStarted(MultipartScanner.PartHead head) {
        current = null;
        if (!head.isFile() || answered) {
            return; // a form field: nothing here reads one
        }
        int index = results.size();
        String name = head.filename();
        results.add(null);
        ApiError refused = null;
        if (!UploadRequest.FILE_FIELD.equals(head.name())) {
            refused = ApiError.badRequest(UploadMsg.WRONG_FIELD, UploadRequest.FILE_FIELD);
        } else if (index >= limits.maxFiles()) {
            refused = new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.TOO_MANY_FILES, limits.maxFiles());
        }
        UploadRequest request = template.forFile(name, head.contentType());
        String key = null;
        if (refused == null) {
            try {
                if (request.naming() == UploadConfig.Naming.ORIGINAL) {
                    key = ObjectKeys.key(request.folder(), name); // refuse a bad name before reading its bytes
                } else if (name.isBlank()) {
                    throw ApiError.badRequest(S3Msg.EMPTY_NAME);
                }
            } catch (ApiError e) {
                refused = e;
            }
        }
        PartMemory.Grant memory = null;
        if (refused == null) {
            memory = grant();
            if (memory == null) {
                refused = new ApiError(ApiError.Kind.UNAVAILABLE, UploadMsg.BUSY).retryAfter(ApiError.RETRY_BUSY);
            }
        }
        if (refused != null) {
            results.set(index, failure(name, refused));
            return; // its bytes are dropped as they arrive
        }
        pending++;
        FileUpload file = new FileUpload(this, request, key, memory);
        files.add(file);
        current = file;
        file.result().compose(stored -> context.decisions().answer(request, stored)).onComplete(ar -> {
            pending--;
            if (ar.succeeded()) {
                results.set(index, FileResult.ok(name, ar.result()));
            } else {
                results.set(index, failure(name, ar.cause()));
            }
            answerIfDone();
        });
    }

    @Override
    public void partData(Buffer slice) {
        if (current != null) {
            current.onChunk(slice);
        }
    }

    @Override
    public void partEnded() {
        if (current != null) {
            FileUpload file = current;
            current = null;
            file.onEnd();
        }
    }

    /** The reserved memory for the first file, then a grant sized by what the request may still carry. */
    private PartMemory.Grant grant() {
        if (reserved != null) {
            PartMemory.Grant g = reserved;
            reserved = null;
            return g;
        }
        long remaining = template.sizeHint() < 0 ? -1 : Math.max(0, template.sizeHint() - bytes);
        return context.admission().memoryFor(remaining);
    }

    // ---------------------------------------------------------------- limits and the client's pace

    /** Bytes of the request, stored or dropped: past the cap the request is cut off. Event loop. */
    private void countBytes(long n) {
        bytes += n;
        windowBytes += n;
        lastActivity = System.nanoTime();
        if (bytes > limits.maxRequestBytes() && !answered) {
            stop(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.REQUEST_TOO_LARGE, limits.maxRequestBytes()));
        }
    }

    /** A file's sink is full: the client is held back until it drains (and until every full sink has). */
    private void holdBack() {
        if (heldBack++ == 0) {
            request.pause();
        }
    }

    private void release() {
        lastActivity = System.nanoTime();
        if (--heldBack == 0) {
            request.resume();
        }
    }

    /** Idle client, a file past its deadline, a pace below the minimum rate: 408, everything aborted. */
    private void tick() {
        long now = System.nanoTime();
        long elapsed = now - lastTick;
        lastTick = now;
        if (answered || requestEnded) {
            return;
        }
        if (heldBack > 0) {
            lastActivity = now; // waiting for S3, not for the client
            return;
        }
        if (now - lastActivity > limits.idleTimeout().toNanos()) {
            stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.IDLE, limits.idleTimeout().toMillis()));
            return;
        }
        for (FileUpload f : files) {
            if (f.receiving() && now - f.startedAt() > limits.fileDeadline().toNanos()) {
                stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.DEADLINE, limits.fileDeadline().toSeconds()));
                return;
            }
        }
        windowNanos += elapsed;
        if (windowNanos >= limits.minRateWindow().toNanos()) {
            double floor = limits.minRate() * (windowNanos / 1e9);
            if (windowBytes < floor) {
                stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.TOO_SLOW, limits.minRate()));
                return;
            }
            windowNanos = 0;
            windowBytes = 0;
        }
    }

    // ---------------------------------------------------------------- endings

    /** Answers now, aborts every file, and closes the connection rather than read the rest of the body. */
    private void stop(ApiError e) {
        if (answered) {
            return;
        }
        answered = true;
        current = null;
        files.forEach(f -> f.abort(e));
        closeAfterReply();
        context.edge().fail(rc, e);
        finish();
    }

    private void closeAfterReply() {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        rc.response().endHandler(v -> request.connection().close());
    }

    /** The body is no valid multipart: 400, nothing stored, the connection closed after the answer. */
    private void malformed(MultipartScanner.Malformed e) {
        LOG.debugf("malformed multipart body: %s", e.getMessage());
        stop(ApiError.badRequest(UploadMsg.MALFORMED));
    }

    /** The client went away (or the connection failed) mid-request: every file is aborted. */
    private void clientGone(Throwable cause) {
        if (done) {
            return; // answered already: the connection closing later is no news
        }
        LOG.debugf("request failed mid-upload: %s", cause.toString());
        ApiError gone = ApiError.badRequest(UploadMsg.CLIENT_GONE);
        current = null;
        files.forEach(f -> f.abort(gone));
        if (!answered) {
            answered = true;
            if (!rc.response().closed() && !rc.response().ended()) {
                closeAfterReply();
                context.edge().fail(rc, ApiError.badRequest(UploadMsg.MALFORMED));
            }
        }
        finish();
    }

    private void onRequestEnd() {
        if (answered) {
            return;
        }
        try {
            scanner.end();
        } catch (MultipartScanner.Malformed e) {
            malformed(e);
            return;
        }
        requestEnded = true;
        answerIfDone();
    }

    private void answerIfDone() {
        if (!requestEnded || pending > 0 || answered) {
            if (answered && pending == 0) {
                finish();
            }
            return;
        }
        answered = true;
        Edge edge = context.edge();
        if (results.isEmpty()) {
            edge.fail(rc, ApiError.badRequest(UploadMsg.NO_FILE, UploadRequest.FILE_FIELD));
        } else if (results.size() == 1) {
            FileResult r = results.get(0);
            if (r.success()) {
                edge.ok(rc, new UploadedObject(r.etag(), r.versionId(), r.bucket(), r.key(), r.size(), r.contentType(),
                        r.url(), r.urlType(), r.urlExpiresAt()));
            } else {
                edge.fail(rc, errors.get(0));
            }
        } else {
            long failed = results.stream().filter(r -> !r.success()).count();
            if (failed == 0) {
                edge.ok(rc, results);
            } else {
                int status = failed == results.size() ? results.get(0).status() : 207;
                edge.reply(rc, status, ApiResponse.fail(ApiResponse.FAIL_MSG, results));
            }
        }
        finish();
    }

    /** Once: the timer stops, the reserved memory and the caller's slot are given back. */
    private void finish() {
        if (done) {
            return;
        }
        done = true;
        context.vertx().cancelTimer(timer);
        rc.response().closeHandler(null);
        if (reserved != null) {
            reserved.close();
            reserved = null;
        }
        onDone.run();
    }

    /** One file's failure; the first is also the whole answer when the request carries one file. */
    private FileResult failure(String name, Throwable cause) {
        ApiError e = Edge.translate(cause);
        if (e.status() >= 500) {
            LOG.warnf("upload of %s failed: %s", name, e.getMessage());
        }
        errors.add(e);
        return FileResult.failed(name, e.status(), e.reason(lang));
    }

    /** One file part of the request: sniffed, then streamed into its sink with back-pressure. */
    static final class FileUpload {
        private final UploadExchange exchange;
        private final UploadRequest request;
        private final String key;
        private final PartMemory.Grant memory;
        private final byte[] head = new byte[ImageType.SNIFF_BYTES];
        private final Promise<Stored> result = Promise.promise();
        private final long startedAt = System.nanoTime();
        private int headLength;
        private long received;
        private FileSink sink;
        private boolean receiving = true;
        private boolean failed;
        private boolean held;

        FileUpload(UploadExchange exchange, UploadRequest request, String key, PartMemory.Grant memory) {
            this.exchange = exchange;
            this.request = request;
            this.key = key;
            this.memory = memory;
        }

        Future<Stored> result() {
            return result.future();
        }

        boolean receiving() {
            return receiving;
        }

        long startedAt() {
            return startedAt;
        }

        void onChunk(Buffer chunk) {
            if (failed) {
                return; // the rest of a refused part is dropped as it arrives
            }
            received += chunk.length();
            long max = exchange.limits.maxFileBytes();
            if (received > max) {
                abort(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.FILE_TOO_LARGE, max));
                return;
            }
            if (sink == null) {
                int n = Math.min(chunk.length(), head.length - headLength);
                chunk.getBytes(0, n, head, headLength);
                headLength += n;
                if (headLength < head.length) {
                    return;
                }
                if (!start()) {
                    return;
                }
                if (n < chunk.length()) {
                    write(chunk.slice(n, chunk.length()));
                }
                return;
            }
            write(chunk);
        }

        /** The first bytes decide the type; then the sink opens and takes them. */
        private boolean start() {
            ImageType type;
            try {
                type = exchange.context.decisions().checkType(request, head, headLength);
            } catch (ApiError e) {
                abort(e);
                return false;
            }
            sink = exchange.context.sinks().open(request, key, type, memory);
            sink.result().onFailure(this::abort); // S3 refused or went away: stop reading now
            write(Buffer.buffer(head).slice(0, headLength));
            return true;
        }

        private void write(Buffer chunk) {
            sink.write(chunk);
            if (sink.full() && !failed && !held) {
                held = true;
                exchange.holdBack();
                sink.onDrain(this::release);
            }
        }

        private void release() {
            if (held) {
                held = false;
                exchange.release();
            }
        }

        void onEnd() {
            receiving = false;
            if (failed) {
                return;
            }
            if (sink == null && !start()) {
                return; // a file shorter than the sniffed head: checked now
            }
            sink.end();
            sink.result().onComplete(ar -> {
                if (ar.succeeded()) {
                    result.tryComplete(ar.result());
                } else {
                    result.tryFail(ar.cause());
                }
            });
        }

        void abort(Throwable cause) {
            if (failed) {
                return;
            }
            failed = true;
            receiving = false;
            release(); // the rest of the part is dropped as it arrives
            if (sink != null) {
                sink.abort(cause);
            } else {
                memory.close();
            }
            result.tryFail(cause);
        }
    }
}
