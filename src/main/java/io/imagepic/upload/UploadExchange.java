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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.ext.web.RoutingContext;

/**
 * One putObject request, on its event loop from first byte to answer: its file parts in order, each streamed
 * into S3 as it arrives (no worker thread), answered once all are stored. It holds the request's limits:
 * bytes per file and per request, the client's idle time, each file's deadline and the minimum transfer
 * rate (time the service holds the client back, while S3 takes a part, counts for none of them).
 */
final class UploadExchange {

    private static final Logger LOG = Logger.getLogger(UploadExchange.class);

    private final RoutingContext rc;
    private final UploadRequest template;
    private final UploadService service;
    private final UploadConfig config;
    private final Edge edge;
    private final Runnable onDone;
    private final Lang lang;
    private final long maxRequestBytes;
    private final long maxFileBytes;
    private final List<FileResult> results = new ArrayList<>();
    private final List<ApiError> errors = new ArrayList<>();
    private final List<FileUpload> files = new ArrayList<>();
    private final long timer;

    /** Memory reserved before the body was read, for the first file. */
    private PartMemory.Grant reserved;
    private int pending;
    private long bytes;
    private boolean requestEnded;
    private boolean answered;
    private boolean done;

    // the client's pace
    private int heldBack;
    private long lastActivity = System.nanoTime();
    private long lastTick = lastActivity;
    private long windowNanos;
    private long windowBytes;

    UploadExchange(RoutingContext rc, UploadRequest template, PartMemory.Grant reserved, UploadService service,
            Edge edge, Runnable onDone) {
        this.rc = rc;
        this.template = template;
        this.reserved = reserved;
        this.service = service;
        this.config = service.config();
        this.edge = edge;
        this.onDone = onDone;
        this.lang = Lang.of(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        this.maxRequestBytes = maxRequestBytes(config);
        this.maxFileBytes = config.maxFileSize().asLongValue();
        long tick = Math.max(50,
                Math.min(1000, Math.min(config.idleTimeout().toMillis(), config.minRateWindow().toMillis()) / 4));
        this.timer = service.vertx().setPeriodic(tick, id -> tick());
        rc.response().closeHandler(v -> clientGone(new IllegalStateException("connection closed")));
    }

    /** Bytes of file parts a request may carry; past it the request is cut off. */
    static long maxRequestBytes(UploadConfig config) {
        return config.maxFiles() * (config.maxFileSize().asLongValue() + 64 * 1024);
    }

    void onFile(HttpServerFileUpload upload) {
        if (answered) {
            upload.handler(b -> {
            });
            return;
        }
        int index = results.size();
        String name = upload.filename();
        results.add(null);
        ApiError refused = null;
        if (!PutObjectRoute.FILE_FIELD.equals(upload.name())) {
            refused = ApiError.badRequest(UploadMsg.WRONG_FIELD, PutObjectRoute.FILE_FIELD);
        } else if (index >= config.maxFiles()) {
            refused = new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.TOO_MANY_FILES, config.maxFiles());
        }
        UploadRequest request = template.forFile(name, upload.contentType());
        String key = null;
        if (refused == null) {
            try {
                if (request.naming() == UploadConfig.Naming.ORIGINAL) {
                    key = ObjectKeys.key(request.folder(), name); // refuse a bad name before reading its bytes
                } else if (name == null || name.isBlank()) {
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
            upload.handler(b -> countBytes(b.length()));
            return;
        }
        pending++;
        FileUpload file = new FileUpload(this, upload, request, key, memory);
        files.add(file);
        file.result().compose(stored -> service.answer(request, stored)).onComplete(ar -> {
            pending--;
            if (ar.succeeded()) {
                results.set(index, FileResult.ok(name, ar.result()));
            } else {
                results.set(index, failure(name, ar.cause()));
            }
            answerIfDone();
        });
    }

    /** The reserved memory for the first file, then a grant sized by what the request may still carry. */
    private PartMemory.Grant grant() {
        if (reserved != null) {
            PartMemory.Grant g = reserved;
            reserved = null;
            return g;
        }
        long remaining = template.sizeHint() < 0 ? -1 : Math.max(0, template.sizeHint() - bytes);
        return service.admit(remaining);
    }

    /** Bytes of the request, stored or dropped: past the cap the request is cut off. Event loop. */
    void countBytes(long n) {
        bytes += n;
        windowBytes += n;
        lastActivity = System.nanoTime();
        if (bytes > maxRequestBytes && !answered) {
            stop(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.REQUEST_TOO_LARGE, maxRequestBytes));
        }
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    UploadService service() {
        return service;
    }

    /** A file's sink is full: the client is held back until it drains. */
    void heldBack() {
        heldBack++;
    }

    void released() {
        heldBack--;
        lastActivity = System.nanoTime();
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
        if (now - lastActivity > config.idleTimeout().toNanos()) {
            stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.IDLE, config.idleTimeout().toMillis()));
            return;
        }
        for (FileUpload f : files) {
            if (f.receiving() && now - f.startedAt() > config.fileDeadline().toNanos()) {
                stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.DEADLINE, config.fileDeadline().toSeconds()));
                return;
            }
        }
        windowNanos += elapsed;
        if (windowNanos >= config.minRateWindow().toNanos()) {
            double floor = config.minRate().asLongValue() * (windowNanos / 1e9);
            if (windowBytes < floor) {
                stop(new ApiError(ApiError.Kind.REQUEST_TIMEOUT, UploadMsg.TOO_SLOW, config.minRate().asLongValue()));
                return;
            }
            windowNanos = 0;
            windowBytes = 0;
        }
    }

    /** Answers now, aborts every file, and closes the connection rather than read the rest of the body. */
    private void stop(ApiError e) {
        if (answered) {
            return;
        }
        answered = true;
        files.forEach(f -> f.abort(e));
        closeAfterReply();
        edge.fail(rc, e);
        finish();
    }

    private void closeAfterReply() {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        rc.response().endHandler(v -> rc.request().connection().close());
    }

    /**
     * The request failed: the client went away, or its body could not be decoded (a malformed multipart
     * part). In the second case the client is still waiting, so it gets a 400.
     */
    void clientGone(Throwable cause) {
        if (done) {
            return; // answered already: the connection closing later is no news
        }
        LOG.debugf("request failed mid-upload: %s", cause.toString());
        ApiError gone = ApiError.badRequest(UploadMsg.CLIENT_GONE);
        files.forEach(f -> f.abort(gone));
        if (!answered) {
            answered = true;
            if (!rc.response().closed() && !rc.response().ended()) {
                closeAfterReply();
                edge.fail(rc, ApiError.badRequest(UploadMsg.MALFORMED));
            }
        }
        finish();
    }

    void onRequestEnd() {
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
        if (results.isEmpty()) {
            edge.fail(rc, ApiError.badRequest(UploadMsg.NO_FILE, PutObjectRoute.FILE_FIELD));
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
        service.vertx().cancelTimer(timer);
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
        private final HttpServerFileUpload source;
        private final UploadRequest request;
        private final String key;
        private final PartMemory.Grant memory;
        private final byte[] head = new byte[ImageType.SNIFF_BYTES];
        private final io.vertx.core.Promise<Stored> result = io.vertx.core.Promise.promise();
        private final long startedAt = System.nanoTime();
        private int headLength;
        private long received;
        private FileSink sink;
        private boolean receiving = true;
        private boolean failed;
        private boolean held;

        FileUpload(UploadExchange exchange, HttpServerFileUpload source, UploadRequest request, String key,
                PartMemory.Grant memory) {
            this.exchange = exchange;
            this.source = source;
            this.request = request;
            this.key = key;
            this.memory = memory;
            source.handler(this::onChunk);
            source.endHandler(v -> onEnd());
            source.exceptionHandler(this::abort);
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

        private void onChunk(Buffer chunk) {
            exchange.countBytes(chunk.length());
            if (failed) {
                return; // the rest of a refused part is dropped as it arrives
            }
            received += chunk.length();
            if (received > exchange.maxFileBytes()) {
                abort(new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.FILE_TOO_LARGE, exchange.maxFileBytes()));
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
                type = exchange.service().checkType(request, head, headLength);
            } catch (ApiError e) {
                abort(e);
                return false;
            }
            sink = key != null ? new OriginalSink(exchange.service(), request, key, type, memory)
                    : new HashedSink(exchange.service(), request, type, memory);
            if (request.strip() && type.strippable()) {
                sink = new StrippingSink(sink, exchange.service().strip()); // a step before the sink, no more
            }
            sink.result().onFailure(this::abort); // S3 refused or went away: stop reading now
            write(Buffer.buffer(head).slice(0, headLength));
            return true;
        }

        private void write(Buffer chunk) {
            sink.write(chunk);
            if (sink.full() && !failed && !held) {
                source.pause();
                held = true;
                exchange.heldBack();
                sink.onDrain(this::release);
            }
        }

        private void release() {
            if (held) {
                held = false;
                exchange.released();
                if (!failed) {
                    source.resume();
                }
            }
        }

        private void onEnd() {
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
            release();
            if (sink != null) {
                sink.abort(cause);
            } else {
                memory.close();
            }
            source.resume(); // the rest of the part is dropped as it arrives
            result.tryFail(cause);
        }
    }
}
