package io.imagepic.upload;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.lifecycle.ShutdownGate;
import io.imagepic.link.ImageLinks;
import io.imagepic.s3.ObjectKeys;
import io.imagepic.transform.MetadataStrip;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /imagepic/object/putObject}: multipart/form-data, files in field {@code file}.
 * <p>
 * A plain Vert.x route, because Quarkus REST spools whole multipart bodies to disk before a method runs.
 * Here each file part streams from the socket into S3 on the event loop ({@link UploadExchanges}): its bytes are
 * copied once into pooled part buffers and sent with the non-blocking S3 client; while S3 is slower than the
 * client, the request is paused and TCP holds the client back. Request headers: {@code bucket},
 * {@code folder}, {@code naming} (original|hash), {@code conflict} (replace|fail|rename) or the seed's
 * {@code overwrite} (false = 409 when the key exists).
 * <p>
 * Before a body byte is read: the caller may write to the bucket and is admitted ({@link UploadAdmission}: its
 * share of uploads, else 429; memory for a part of its file, else 503).
 */
@ApplicationScoped
public class PutObjectRoute {

    public static final String PATH = "/imagepic/object/putObject";

    private final UploadConfig config;
    private final UploadAdmission admission;
    private final UploadExchanges exchanges;
    private final Access access;
    private final Edge edge;
    private final ShutdownGate gate;
    private final MetadataStrip strip;

    PutObjectRoute(UploadConfig config, UploadAdmission admission, UploadExchanges exchanges, Access access, Edge edge,
            ShutdownGate gate, MetadataStrip strip) {
        this.gate = gate;
        this.strip = strip;
        this.config = config;
        this.admission = admission;
        this.exchanges = exchanges;
        this.access = access;
        this.edge = edge;
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
        UploadRequest template;
        String boundary;
        try {
            template = requestFor(rc, caller);
            boundary = MultipartScanner.boundary(rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
            if (boundary == null) {
                throw ApiError.badRequest(UploadMsg.MALFORMED);
            }
        } catch (ApiError e) {
            refuse(rc, e);
            return;
        }
        Context context = Vertx.currentContext();
        access.authorize(caller, Action.WRITE, template.bucket()).subscribe().with( // before any body byte
                ok -> context.runOnContext(v -> admit(rc, caller, template, boundary)),
                failure -> context.runOnContext(v -> refuse(rc, failure)));
    }

    private void admit(RoutingContext rc, Caller caller, UploadRequest template, String boundary) {
        UploadAdmission.Admitted admitted;
        try {
            admitted = admission.admit(caller, template.sizeHint());
        } catch (ApiError e) {
            refuse(rc, e);
            return;
        }
        exchanges.start(rc, template, boundary, admitted);
    }

    /** Everything the headers say, checked before a single body byte is read. */
    private UploadRequest requestFor(RoutingContext rc, Caller caller) {
        HttpServerRequest req = rc.request();
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.NOT_MULTIPART, UploadRequest.FILE_FIELD);
        }
        String bucket = req.getHeader("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw ApiError.badRequest(UploadMsg.NO_BUCKET);
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        long contentLength = length == null ? -1 : parseLong(length);
        long maxRequestBytes = exchanges.maxRequestBytes();
        if (contentLength > maxRequestBytes) {
            throw new ApiError(ApiError.Kind.TOO_LARGE, UploadMsg.REQUEST_TOO_LARGE, maxRequestBytes);
        }
        String folder = ObjectKeys.folderFromHeader(req.getHeader("folder"));
        String naming = req.getHeader("naming");
        UploadConfig.Naming mode;
        try {
            mode = naming == null ? config.naming() : UploadConfig.Naming.valueOf(naming.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(UploadMsg.BAD_NAMING);
        }
        boolean strip = this.strip.wanted(bucket.trim(), req.getHeader("strip"));
        return new UploadRequest(bucket.trim(), folder, null, null, mode, conflict(req), caller,
                contentLength, ImageLinks.origin(req), strip);
    }

    /** {@code conflict: replace | fail | rename}, else the seed's {@code overwrite: true | false} (true by default). */
    static UploadRequest.Conflict conflict(HttpServerRequest req) {
        String conflict = req.getHeader("conflict");
        String overwrite = req.getHeader("overwrite");
        if (overwrite != null && !overwrite.equalsIgnoreCase("true") && !overwrite.equalsIgnoreCase("false")) {
            throw ApiError.badRequest(UploadMsg.BAD_OVERWRITE);
        }
        if (conflict == null) {
            return "false".equalsIgnoreCase(overwrite) ? UploadRequest.Conflict.FAIL : UploadRequest.Conflict.REPLACE;
        }
        try {
            return UploadRequest.Conflict.valueOf(conflict.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(UploadMsg.BAD_CONFLICT);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(UploadMsg.BAD_LENGTH);
        }
    }

    /** The request is refused before its body is read: the unread body is dropped as it arrives. */
    private void refuse(RoutingContext rc, Throwable failure) {
        rc.request().resume();
        edge.fail(rc, failure);
    }
}
