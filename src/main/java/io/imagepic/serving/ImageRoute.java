package io.imagepic.serving;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3Object;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET|HEAD /i/{bucket}/{key...}}: permanent image links. Everything runs on the event loop (but
 * reading a member's grant, see {@link Access#authorize}): the policy is in memory, a signed link is checked
 * locally, and the bytes are piped from the S3 server's response to the client's with back-pressure (the S3
 * socket is read only as fast as the browser takes the image).
 */
@Singleton
public class ImageRoute {

    private static final Logger LOG = Logger.getLogger(ImageRoute.class);

    private final S3Upstream s3;
    private final ImageCache cache;
    private final Access access;
    private final LinkSigner signer;
    private final ImageHeaders headers;
    private final Edge edge;
    /** Decides whether a signed link has expired. */
    private final Clock clock;

    ImageRoute(S3Upstream s3, ImageCache cache, Access access, LinkSigner signer, ImageHeaders headers, Edge edge,
            Clock clock) {
        this.s3 = s3;
        this.cache = cache;
        this.clock = clock;
        this.access = access;
        this.signer = signer;
        this.headers = headers;
        this.edge = edge;
    }

    void register(@Observes Router router) {
        router.route("/i/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
    }

    /**
     * Routing normalizes "/i/b/../../x" to "/x" before any route sees it: refuse traversal attempts
     * under /i/ on the raw path instead of resolving them to another resource.
     */
    void refuseTraversal(@Observes Filters filters) {
        filters.register(rc -> {
            String raw = rc.request().path();
            if (raw != null && raw.startsWith(ImagePath.PREFIX) && ImagePath.hasDotSegment(raw)) {
                edge.fail(rc, ApiError.badRequest(ServingMsg.TRAVERSAL));
            } else {
                rc.next();
            }
        }, 150);
    }

    void serve(RoutingContext rc) {
        ImagePath path;
        try {
            path = ImagePath.parse(rc.request().path());
        } catch (ApiError e) {
            edge.fail(rc, e);
            return;
        }
        Caller known = Caller.of(rc); // a service token was authenticated by its path policy already
        Optional<ApiError> tokenRefused = known.service() ? access.refusal(known, Action.SERVE, path.bucket())
                : Optional.empty();
        if (tokenRefused.isPresent()) {
            edge.fail(rc, tokenRefused.get());
            return;
        }
        if (access.allows(Caller.ANONYMOUS, Action.SERVE, path.bucket())) {
            fetch(rc, path, ImageHeaders.Grant.PUBLIC, 0);
            return;
        }
        String expires = rc.request().getParam("expires");
        String signature = rc.request().getParam("signature");
        if (expires != null || signature != null) {
            long now = clock.instant().getEpochSecond();
            switch (signer.verify(path.bucket(), path.key(), String.valueOf(expires), String.valueOf(signature), now)) {
                case VALID -> fetch(rc, path, ImageHeaders.Grant.SIGNED, Long.parseLong(expires) - now);
                case EXPIRED -> edge.fail(rc, ApiError.forbidden(ServingMsg.LINK_EXPIRED));
                case TAMPERED -> edge.fail(rc, ApiError.forbidden(ServingMsg.LINK_INVALID));
            }
            return;
        }
        Context context = Vertx.currentContext();
        Caller.resolve(rc).chain(caller -> access.authorize(caller, Action.SERVE, path.bucket())) // may read a grant
                .subscribe().with(ok -> context.runOnContext(v -> fetch(rc, path, ImageHeaders.Grant.TOKEN, 0)),
                        failure -> context.runOnContext(v -> edge.fail(rc, failure)));
    }

    private void fetch(RoutingContext rc, ImagePath path, ImageHeaders.Grant grant, long signedSecondsLeft) {
        boolean get = rc.request().method() == HttpMethod.GET;
        Conditions conditions = Conditions.of(rc.request().headers(), get);
        ImageCache.Hit hit = cache.holds(path.key()) ? cache.get(path.bucket(), path.key()) : null;
        if (hit != null) {
            fromMemory(rc, path, hit, conditions, get, grant, signedSecondsLeft);
            return;
        }
        if (get && !conditions.needMetadata()) {
            stream(rc, path, conditions.range(), grant, signedSecondsLeft);
            return;
        }
        // Validators or HEAD: one metadata request, then 304, the headers alone, or the body.
        s3.head(path).onComplete(ar -> {
            if (ar.failed()) {
                failed(rc, path, ar.cause());
                return;
            }
            ObjectMeta meta = ObjectMeta.of(ar.result());
            HttpServerResponse out = rc.response();
            String type = ImageHeaders.contentType(meta.contentType(), path.key());
            if (conditions.notModified(meta.etag(), meta.lastModified())) {
                out.setStatusCode(304);
                validators(out, meta.etag(), meta.lastModifiedHeader());
                headers.secure(out.headers(), type);
                out.putHeader("Cache-Control", headers.cacheControl(path.key(), grant, signedSecondsLeft)).end();
                return;
            }
            if (!get) {
                imageHeaders(out, path, type, meta.etag(), meta.lastModifiedHeader(), grant, signedSecondsLeft);
                out.putHeader("Content-Length", String.valueOf(meta.size())).end();
                return;
            }
            String range = conditions.effectiveRange(meta.etag(), meta.lastModified());
            if (range != null && Conditions.unsatisfiable(range, meta.size())) {
                rangeNotSatisfiable(rc, meta.size());
                return;
            }
            stream(rc, path, range, grant, signedSecondsLeft);
        });
    }

    private void stream(RoutingContext rc, ImagePath path, String range, ImageHeaders.Grant grant,
            long signedSecondsLeft) {
        s3.get(path, range).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof S3Exception e && e.code() == S3Exception.Code.INVALID_RANGE) {
                    s3.head(path).onComplete(h -> rangeNotSatisfiable(rc, h.succeeded() ? h.result().size() : -1));
                } else {
                    failed(rc, path, ar.cause());
                }
                return;
            }
            S3Object in = ar.result();
            HttpServerResponse out = rc.response();
            if (out.closed()) {
                in.cancel(); // the browser went away while the S3 server was answering
                return;
            }
            out.setStatusCode(in.status());
            imageHeaders(out, path, ImageHeaders.contentType(in.header("Content-Type"), path.key()),
                    in.header("ETag"), in.header("Last-Modified"), grant, signedSecondsLeft);
            copy(in, out, "Content-Length");
            copy(in, out, "Content-Range");
            if (in.header("Content-Length") == null) {
                out.setChunked(true); // S3 servers send a length; a gateway in between may not
            }
            ImageCache.Fill fill = in.status() == 200 && range == null
                    ? cache.fill(path.bucket(), path.key(), in.header("ETag"), in.header("Last-Modified"),
                            in.header("Content-Type"), in.info().size(), in)
                    : null;
            ReadStream<Buffer> body = fill != null ? fill : in;
            body.pipe().endOnFailure(false).to(out).onComplete(piped -> {
                if (fill != null) {
                    fill.done(piped.succeeded());
                }
                if (piped.failed()) {
                    // Either side broke mid-image: drop both connections, never end a truncated body cleanly.
                    in.cancel();
                    out.reset();
                }
            });
        });
    }

    /**
     * A hot immutable image, answered from memory with exactly the headers, validators and ranges an answer from
     * S3 has; the S3 server is not asked.
     */
    private void fromMemory(RoutingContext rc, ImagePath path, ImageCache.Hit hit, Conditions conditions, boolean get,
            ImageHeaders.Grant grant, long signedSecondsLeft) {
        HttpServerResponse out = rc.response();
        String type = ImageHeaders.contentType(hit.contentType(), path.key());
        long size = hit.size();
        if (conditions.notModified(hit.etag(), hit.lastModifiedDate())) {
            hit.release();
            out.setStatusCode(304);
            validators(out, hit.etag(), hit.lastModified());
            headers.secure(out.headers(), type);
            out.putHeader("Cache-Control", headers.cacheControl(path.key(), grant, signedSecondsLeft)).end();
            return;
        }
        String range = get ? conditions.effectiveRange(hit.etag(), hit.lastModifiedDate()) : null;
        if (range != null && Conditions.unsatisfiable(range, size)) {
            hit.release();
            rangeNotSatisfiable(rc, size);
            return;
        }
        imageHeaders(out, path, type, hit.etag(), hit.lastModified(), grant, signedSecondsLeft);
        long first = 0;
        long length = size;
        if (range != null) {
            long[] bounds = Conditions.bounds(range, size);
            first = bounds[0];
            length = bounds[1] - bounds[0] + 1;
            out.setStatusCode(206).putHeader("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + size);
        }
        out.putHeader("Content-Length", String.valueOf(length));
        if (!get) {
            hit.release();
            out.end();
            return;
        }
        out.end(hit.body(first, length)).onComplete(written -> hit.release()); // the bytes stay valid until written
    }

    private void imageHeaders(HttpServerResponse out, ImagePath path, String type, String etag, String lastModified,
            ImageHeaders.Grant grant, long signedSecondsLeft) {
        out.putHeader("Content-Type", type);
        headers.secure(out.headers(), type);
        validators(out, etag, lastModified);
        out.putHeader("Accept-Ranges", "bytes");
        out.putHeader("Cache-Control", headers.cacheControl(path.key(), grant, signedSecondsLeft));
    }

    private static void validators(HttpServerResponse out, String etag, String lastModified) {
        if (etag != null) {
            out.putHeader("ETag", etag);
        }
        if (lastModified != null) {
            out.putHeader("Last-Modified", lastModified);
        }
    }

    private static void copy(S3Object in, HttpServerResponse out, String header) {
        String value = in.header(header);
        if (value != null) {
            out.putHeader(header, value);
        }
    }

    private void rangeNotSatisfiable(RoutingContext rc, long size) {
        if (size >= 0 && !rc.response().headWritten()) {
            rc.response().putHeader("Content-Range", "bytes */" + size);
        }
        edge.fail(rc, new ApiError(ApiError.Kind.RANGE_NOT_SATISFIABLE, ServingMsg.RANGE, size));
    }

    /** A missing image is a 404; an S3 server away or stalled a 503; any other refusal a 502. */
    private void failed(RoutingContext rc, ImagePath path, Throwable cause) {
        if (cause instanceof S3Exception e && (e.code() == S3Exception.Code.NO_SUCH_KEY
                || e.code() == S3Exception.Code.NO_SUCH_BUCKET)) {
            edge.fail(rc, ApiError.notFound(ServingMsg.NOT_FOUND, path.bucket(), path.key()));
            return;
        }
        if (cause instanceof S3Exception e && e.isTransient()) {
            LOG.warnf("S3 server unreachable: %s", e.getMessage());
            edge.fail(rc, e);
            return;
        }
        LOG.warnf("S3 server refused %s/%s: %s", path.bucket(), path.key(), cause.toString());
        edge.fail(rc, cause instanceof S3Exception e ? e : S3Exception.unavailable("GET image", cause));
    }
}
