package io.imagepic.upload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.cluster.ShutdownGate;
import io.imagepic.s3.ObjectKeys;
import io.imagepic.s3.S3Msg;
import io.imagepic.serving.ImageLinks;
import io.imagepic.web.ApiError;
import io.imagepic.web.ApiResponse;
import io.imagepic.web.Edge;
import io.imagepic.web.Lang;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /imagepic/object/putObject}: multipart/form-data, files in field {@code file}.
 * <p>
 * A plain Vert.x route, because Quarkus REST spools whole multipart bodies to disk before a method
 * runs. Here each file part streams from the socket into S3 as it arrives: the event loop hands the
 * bytes to a worker through {@link ReadStreamInputStream}, which pauses the request when S3 is slower
 * than the client. Request headers: {@code bucket}, {@code folder}, {@code naming} (original|hash),
 * {@code overwrite} (false = 409 when the key exists).
 */
@ApplicationScoped
public class PutObjectRoute {

    public static final String PATH = "/imagepic/object/putObject";
    static final String FILE_FIELD = "file";
    private static final Logger LOG = Logger.getLogger(PutObjectRoute.class);
    private static final long HIGH_WATER = 256 * 1024;
    private static final long LOW_WATER = 64 * 1024;

    private final UploadConfig config;
    private final UploadService uploads;
    private final Access access;
    private final Edge edge;
    private final Vertx vertx;

    private final ShutdownGate gate;

    PutObjectRoute(UploadConfig config, UploadService uploads, Access access, Edge edge, Vertx vertx, ShutdownGate gate) {
        this.gate = gate;
        this.config = config;
        this.uploads = uploads;
        this.access = access;
        this.edge = edge;
        this.vertx = vertx;
    }

    /**
     * Ordered just before Quarkus' global body-size check (which only reads Content-Length and would refuse
     * a legitimate request of several large files) and after authentication and authorization (filters,
     * negative orders): this route enforces its own per-file and per-request byte caps while streaming.
     */
    void register(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::putObject);
    }

    void putObject(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        if (gate.draining()) {
            // SIGTERM: uploads in flight finish, new ones go to another replica. The body is not read.
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.response().endHandler(v -> rc.request().connection().close());
            edge.fail(rc, ApiError.failed(ApiError.Kind.UNAVAILABLE, UploadMsg.SHUTTING_DOWN)
                    .retryAfter(Duration.ofSeconds(gate.retryAfterSeconds())));
            return;
        }
        req.pause(); // no body byte is read before the caller is known and the headers are checked
        Context context = Vertx.currentContext();
        Caller.resolve(rc).subscribe().with(
                caller -> context.runOnContext(v -> start(rc, caller)),
                failure -> context.runOnContext(v -> refuse(rc, failure)));
    }

    private void start(RoutingContext rc, Caller caller) {
        UploadRequest request;
        try {
            request = requestFor(rc, caller);
        } catch (ApiError e) {
            refuse(rc, e);
            return;
        }
        Context context = Vertx.currentContext();
        access.authorize(caller, Action.WRITE, request.bucket()).subscribe().with( // before any body byte
                ok -> context.runOnContext(v -> accept(rc, request)),
                failure -> context.runOnContext(v -> refuse(rc, failure)));
    }

    private void accept(RoutingContext rc, UploadRequest request) {
        HttpServerRequest req = rc.request();
        Exchange exchange = new Exchange(rc, request);
        req.setExpectMultipart(true);
        req.uploadHandler(exchange::onFile);
        req.exceptionHandler(exchange::onClientGone);
        req.endHandler(v -> exchange.onRequestEnd());
        if (req.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue(); // checks passed: now the client may send the body (curl waits 1 s otherwise)
        }
        req.resume();
    }

    /** Everything the headers say, checked before a single body byte is read. */
    private UploadRequest requestFor(RoutingContext rc, Caller caller) {
        HttpServerRequest req = rc.request();
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.NOT_MULTIPART, FILE_FIELD);
        }
        String bucket = req.getHeader("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw ApiError.badRequest(UploadMsg.NO_BUCKET);
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        long contentLength = length == null ? -1 : parseLong(length);
        if (contentLength > maxRequestBytes()) {
            throw new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.REQUEST_TOO_LARGE, maxRequestBytes());
        }
        String folder = ObjectKeys.folderFromHeader(req.getHeader("folder"));
        String naming = req.getHeader("naming");
        UploadConfig.Naming mode;
        try {
            mode = naming == null ? config.naming() : UploadConfig.Naming.valueOf(naming.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(UploadMsg.BAD_NAMING);
        }
        String overwrite = req.getHeader("overwrite");
        if (overwrite != null && !overwrite.equalsIgnoreCase("true") && !overwrite.equalsIgnoreCase("false")) {
            throw ApiError.badRequest(UploadMsg.BAD_OVERWRITE);
        }
        return new UploadRequest(bucket.trim(), folder, null, null, mode, !"false".equalsIgnoreCase(overwrite), caller,
                contentLength, ImageLinks.origin(req));
    }

    /** Bytes of file parts a request may carry; past it the request is cut off. */
    private long maxRequestBytes() {
        return config.maxFiles() * (config.maxFileSize().asLongValue() + 64 * 1024);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(UploadMsg.BAD_LENGTH);
        }
    }

    /** One request: its file parts in order, each stored by a worker, answered once all are done. */
    private final class Exchange {
        private final RoutingContext rc;
        private final UploadRequest template;
        private final Lang lang;
        private final Context context = Vertx.currentContext();
        private final List<FileResult> results = new ArrayList<>();
        private final List<ReadStreamInputStream> streams = new ArrayList<>();
        private final List<ApiError> errors = new ArrayList<>();
        private int pending;
        private long bytes;
        private boolean requestEnded;
        private boolean answered;

        Exchange(RoutingContext rc, UploadRequest template) {
            this.rc = rc;
            this.template = template;
            this.lang = Lang.of(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
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
            if (!FILE_FIELD.equals(upload.name())) {
                results.set(index, failure(name, ApiError.badRequest(UploadMsg.WRONG_FIELD, FILE_FIELD)));
                drain(upload);
                return;
            }
            if (index >= config.maxFiles()) {
                results.set(index,
                        failure(name, new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.TOO_MANY_FILES, config.maxFiles())));
                drain(upload);
                return;
            }
            UploadRequest request = template.forFile(name, upload.contentType());
            try {
                if (request.naming() == UploadConfig.Naming.ORIGINAL) {
                    ObjectKeys.key(request.folder(), name); // refuse a bad name before reading its bytes
                } else if (name == null || name.isBlank()) {
                    throw ApiError.badRequest(S3Msg.EMPTY_NAME);
                }
            } catch (ApiError e) {
                results.set(index, failure(name, e));
                drain(upload);
                return;
            }
            ReadStreamInputStream in = new ReadStreamInputStream(upload, context, HIGH_WATER, LOW_WATER,
                    config.maxFileSize().asLongValue(), config.idleTimeout(), this::countBytes);
            streams.add(in);
            pending++;
            vertx.executeBlocking(() -> uploads.store(request, in), false).onComplete(done -> {
                in.discard(); // the worker stopped reading: let the rest of the part through
                pending--;
                if (done.succeeded()) {
                    results.set(index, FileResult.ok(name, done.result()));
                } else {
                    results.set(index, failure(name, done.cause()));
                    if (done.cause() instanceof ApiError e && e.kind() == ApiError.Kind.REQUEST_TIMEOUT) {
                        timedOut(e); // a silent client never ends its request: answer now
                        return;
                    }
                }
                answerIfDone();
            });
        }

        /** One file's failure; the first is also the whole answer when the request carries one file. */
        private FileResult failure(String name, Throwable cause) {
            ApiError e = cause instanceof ReadStreamInputStream.ClientGoneException
                    ? ApiError.badRequest(UploadMsg.CLIENT_GONE)
                    : Edge.translate(cause);
            if (e.status() >= 500) {
                LOG.warnf("upload of %s failed: %s", name, e.getMessage());
            }
            errors.add(e);
            return FileResult.failed(name, e.status(), e.reason(lang));
        }

        private void drain(HttpServerFileUpload upload) {
            upload.handler(b -> countBytes(b.length()));
        }

        /** All file bytes of the request, stored or dropped: past the cap the request is cut off. Event loop. */
        private void countBytes(long n) {
            bytes += n;
            if (bytes > maxRequestBytes() && !answered) {
                answered = true;
                ApiError tooLarge = new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.REQUEST_TOO_LARGE, maxRequestBytes());
                streams.forEach(s -> s.fail(tooLarge));
                closeAfterReply();
                edge.fail(rc, tooLarge);
            }
        }

        /** The request body is still coming: answer, then close rather than read it to its end. */
        private void closeAfterReply() {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.response().endHandler(v -> rc.request().connection().close());
        }

        private void timedOut(ApiError e) {
            if (answered) {
                return;
            }
            answered = true;
            streams.forEach(st -> st.fail(e));
            closeAfterReply();
            edge.fail(rc, e);
        }

        /**
         * The request failed: the client went away, or its body could not be decoded (a malformed
         * multipart part). In the second case the client is still waiting, so it gets a 400.
         */
        void onClientGone(Throwable cause) {
            LOG.debugf("request failed mid-upload: %s", cause.toString());
            streams.forEach(s -> s.fail(cause));
            if (answered) {
                return;
            }
            answered = true;
            if (!rc.response().closed() && !rc.response().ended()) {
                closeAfterReply();
                edge.fail(rc, ApiError.badRequest(UploadMsg.MALFORMED));
            }
        }

        void onRequestEnd() {
            requestEnded = true;
            answerIfDone();
        }

        private void answerIfDone() {
            if (!requestEnded || pending > 0 || answered) {
                return;
            }
            answered = true;
            if (results.isEmpty()) {
                edge.fail(rc, ApiError.badRequest(UploadMsg.NO_FILE, FILE_FIELD));
            } else if (results.size() == 1) {
                FileResult r = results.get(0);
                if (r.success()) {
                    edge.ok(rc, new UploadedObject(r.etag(), r.versionId(), r.bucket(), r.key(), r.size(),
                            r.contentType(), r.url()));
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
        }
    }

    /** The request is refused before its body is read: the unread body is dropped as it arrives. */
    private void refuse(RoutingContext rc, Throwable failure) {
        rc.request().resume();
        edge.fail(rc, failure);
    }
}
