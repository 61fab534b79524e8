package io.imagepic.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.AuthErrors;
import io.imagepic.access.Caller;
import io.imagepic.s3.StorageException;
import io.imagepic.serving.ImageLinks;
import io.imagepic.web.ApiException;
import io.imagepic.web.ApiResponse;
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
    private final ObjectMapper json;
    private final Vertx vertx;

    PutObjectRoute(UploadConfig config, UploadService uploads, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.uploads = uploads;
        this.json = json;
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
        req.pause(); // no body byte is read before the caller is known and the headers are checked
        Context context = Vertx.currentContext();
        Caller.resolve(rc).subscribe().with(
                caller -> context.runOnContext(v -> start(rc, caller)),
                failure -> context.runOnContext(v -> replyEarly(rc, 401, ApiResponse.fail("authentication failed",
                        Map.of("err", "authentication failed")))));
    }

    private void start(RoutingContext rc, Caller caller) {
        HttpServerRequest req = rc.request();
        Exchange exchange;
        try {
            exchange = new Exchange(rc, requestFor(rc, caller));
        } catch (Caller.BucketDenied e) {
            req.resume(); // the unread body is dropped as it arrives
            AuthErrors.writeBucketDenied(rc, e.bucket());
            return;
        } catch (ApiException e) {
            req.resume(); // the unread body is dropped as it arrives
            reply(rc, e.status(), ApiResponse.fail(e.getMessage(), Map.of("err", e.getMessage())));
            return;
        }
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
        if (caller.isAnonymous() && !config.allowAnonymous()) {
            throw new ApiException(401, "a token is required to upload");
        }
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(415, "expected multipart/form-data with the file in field '" + FILE_FIELD + "'");
        }
        String bucket = req.getHeader("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw ApiException.badRequest("header 'bucket' is required");
        }
        caller.checkBucket(bucket.trim()); // a service token's allow-list, before any body byte
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        long contentLength = length == null ? -1 : parseLong(length);
        if (contentLength > maxRequestBytes()) {
            throw new ApiException(413, "request is larger than " + config.maxFiles() + " files of "
                    + config.maxFileSize().asLongValue() + " bytes");
        }
        String folder = ObjectKeys.folderFromHeader(req.getHeader("folder"));
        String naming = req.getHeader("naming");
        UploadConfig.Naming mode;
        try {
            mode = naming == null ? config.naming() : UploadConfig.Naming.valueOf(naming.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("header 'naming' must be original or hash");
        }
        String overwrite = req.getHeader("overwrite");
        if (overwrite != null && !overwrite.equalsIgnoreCase("true") && !overwrite.equalsIgnoreCase("false")) {
            throw ApiException.badRequest("header 'overwrite' must be true or false");
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
            throw ApiException.badRequest("bad Content-Length");
        }
    }

    /** One request: its file parts in order, each stored by a worker, answered once all are done. */
    private final class Exchange {
        private final RoutingContext rc;
        private final UploadRequest template;
        private final Context context = Vertx.currentContext();
        private final List<FileResult> results = new ArrayList<>();
        private final List<ReadStreamInputStream> streams = new ArrayList<>();
        private int pending;
        private long bytes;
        private boolean requestEnded;
        private boolean answered;

        Exchange(RoutingContext rc, UploadRequest template) {
            this.rc = rc;
            this.template = template;
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
                results.set(index, FileResult.failed(name, 400, "file parts must be in field '" + FILE_FIELD + "'"));
                drain(upload);
                return;
            }
            if (index >= config.maxFiles()) {
                results.set(index, FileResult.failed(name, 413, "more than " + config.maxFiles() + " files in one request"));
                drain(upload);
                return;
            }
            UploadRequest request = template.forFile(name, upload.contentType());
            try {
                if (request.naming() == UploadConfig.Naming.ORIGINAL) {
                    ObjectKeys.key(request.folder(), name); // refuse a bad name before reading its bytes
                } else if (name == null || name.isBlank()) {
                    throw ApiException.badRequest("file name is empty");
                }
            } catch (ApiException e) {
                results.set(index, FileResult.failed(name, e.status(), e.getMessage()));
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
                    if (done.cause() instanceof ApiException e && e.status() == 408) {
                        timedOut(e); // a silent client never ends its request: answer now
                        return;
                    }
                }
                answerIfDone();
            });
        }

        private void drain(HttpServerFileUpload upload) {
            upload.handler(b -> countBytes(b.length()));
        }

        /** All file bytes of the request, stored or dropped: past the cap the request is cut off. Event loop. */
        private void countBytes(long n) {
            bytes += n;
            if (bytes > maxRequestBytes() && !answered) {
                answered = true;
                streams.forEach(s -> s.fail(new ApiException(413, "request too large")));
                closeAfterReply();
                reply(rc, 413, ApiResponse.fail("request is larger than " + maxRequestBytes() + " bytes",
                        Map.of("err", "request too large")));
            }
        }

        /** The request body is still coming: answer, then close rather than read it to its end. */
        private void closeAfterReply() {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            rc.response().endHandler(v -> rc.request().connection().close());
        }

        private void timedOut(ApiException e) {
            if (answered) {
                return;
            }
            answered = true;
            streams.forEach(st -> st.fail(e));
            closeAfterReply();
            reply(rc, 408, ApiResponse.fail(e.getMessage(), Map.of("err", e.getMessage())));
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
                String msg = "malformed multipart body";
                closeAfterReply();
                reply(rc, 400, ApiResponse.fail(msg, Map.of("err", msg)));
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
                reply(rc, 400, ApiResponse.fail("no file in field '" + FILE_FIELD + "'",
                        Map.of("err", "no file in field '" + FILE_FIELD + "'")));
            } else if (results.size() == 1) {
                FileResult r = results.get(0);
                if (r.success()) {
                    reply(rc, 200, ApiResponse.ok(new UploadedObject(r.etag(), r.versionId(), r.bucket(), r.key(),
                            r.size(), r.contentType(), r.url())));
                } else {
                    reply(rc, r.status(), ApiResponse.fail(r.msg(), Map.of("err", r.msg())));
                }
            } else {
                long failed = results.stream().filter(r -> !r.success()).count();
                if (failed == 0) {
                    reply(rc, 200, ApiResponse.ok(results));
                } else {
                    int status = failed == results.size() ? results.get(0).status() : 207;
                    reply(rc, status, ApiResponse.fail(failed + " of " + results.size() + " files failed", results));
                }
            }
        }
    }

    private static FileResult failure(String name, Throwable cause) {
        if (cause instanceof ApiException e) {
            return FileResult.failed(name, e.status(), e.getMessage());
        }
        if (cause instanceof StorageException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
                case BAD_GATEWAY -> 502;
            };
            LOG.warnf("upload of %s failed: %s", name, e.getMessage());
            return FileResult.failed(name, status, e.getMessage());
        }
        if (cause instanceof ReadStreamInputStream.ClientGoneException) {
            return FileResult.failed(name, 400, cause.getMessage());
        }
        LOG.error("upload of " + name + " failed", cause);
        return FileResult.failed(name, 500, "internal error");
    }

    private void replyEarly(RoutingContext rc, int status, ApiResponse<?> body) {
        rc.request().resume();
        reply(rc, status, body);
    }

    private void reply(RoutingContext rc, int status, ApiResponse<?> body) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = "{\"code\":\"-1\",\"data\":null,\"msg\":\"internal error\",\"success\":false}";
        }
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
                .end(text);
    }
}
