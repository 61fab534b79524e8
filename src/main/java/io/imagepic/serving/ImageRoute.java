package io.imagepic.serving;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.link.ImagePath;
import io.imagepic.link.LinkSigner;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3Object;
import io.imagepic.transform.Derivatives;
import io.imagepic.transform.Transform;
import io.imagepic.transform.TransformMsg;
import io.imagepic.transform.TransformParams;
import io.imagepic.transform.Transforms;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
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
    private static final String SVG = "image/svg+xml";

    private final S3Upstream s3;
    private final ImageCache cache;
    private final Transforms transforms;
    private final Derivatives derivatives;
    private final Access access;
    private final LinkSigner signer;
    private final ImageHeaders headers;
    private final Edge edge;
    /** Decides whether a signed link has expired. */
    private final Clock clock;

    ImageRoute(S3Upstream s3, ImageCache cache, Transforms transforms, Derivatives derivatives, Access access,
            LinkSigner signer, ImageHeaders headers, Edge edge, Clock clock) {
        this.s3 = s3;
        this.cache = cache;
        this.transforms = transforms;
        this.derivatives = derivatives;
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
        TransformParams params;
        Transform transform;
        try {
            path = ImagePath.parse(rc.request().path());
            params = transforms.parse(query(rc));
            transform = params.isEmpty() ? null : transforms.resolve(params, rc.request().getHeader("Accept"));
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
        boolean publicRead = access.allows(Caller.ANONYMOUS, Action.SERVE, path.bucket());
        if (publicRead && (transform == null || transforms.allowedUnsigned(params, transform))) {
            deliver(rc, path, params, transform, ImageHeaders.Grant.PUBLIC, 0);
            return;
        }
        String expires = rc.request().getParam("expires");
        String signature = rc.request().getParam("signature");
        if (expires != null || signature != null) {
            long now = clock.instant().getEpochSecond();
            switch (signer.verify(path.bucket(), path.key(), params.canonical(), String.valueOf(expires),
                    rc.request().getParam("kid"), String.valueOf(signature), now)) {
                case VALID -> deliver(rc, path, params, transform,
                        publicRead ? ImageHeaders.Grant.PUBLIC : ImageHeaders.Grant.SIGNED, Long.parseLong(expires) - now);
                case EXPIRED -> edge.fail(rc, ApiError.forbidden(ServingMsg.LINK_EXPIRED));
                case TAMPERED -> edge.fail(rc, ApiError.forbidden(ServingMsg.LINK_INVALID));
            }
            return;
        }
        if (publicRead && rc.request().getHeader("authorization") == null) {
            // another size of a public image: a signed link, or a caller who may read the bucket
            edge.fail(rc, ApiError.forbidden(TransformMsg.UNSIGNED_SIZE, transforms.publicSizes()));
            return;
        }
        Action action = publicRead ? Action.READ : Action.SERVE;
        Context context = Vertx.currentContext();
        Caller.resolve(rc).chain(caller -> access.authorize(caller, action, path.bucket())) // may read a grant
                .subscribe().with(
                        ok -> context.runOnContext(v -> deliver(rc, path, params, transform, ImageHeaders.Grant.TOKEN, 0)),
                        failure -> context.runOnContext(v -> edge.fail(rc, failure)));
    }

    /** The query's parameters, names and values decoded. */
    private static Map<String, List<String>> query(RoutingContext rc) {
        MultiMap q = rc.queryParams();
        if (q.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : q.names()) {
            out.put(name, q.getAll(name));
        }
        return out;
    }

    /** The original, or the derivative: from the cache, else made (once per replica) and then served from there. */
    private void deliver(RoutingContext rc, ImagePath path, TransformParams params, Transform transform,
            ImageHeaders.Grant grant, long signedSecondsLeft) {
        if (transform == null) {
            fetch(rc, Target.original(path), grant, signedSecondsLeft);
            return;
        }
        Context context = Vertx.currentContext();
        derivatives.locate(path.bucket(), path.key(), transform).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                failed(rc, path, ar.cause());
                return;
            }
            Derivatives.Located located = ar.result();
            if (SVG.equals(ImageHeaders.contentType(located.source().contentType(), path.key()))) {
                fetch(rc, Target.original(path), grant, signedSecondsLeft); // never rasterised: the original, sandboxed
                return;
            }
            ImagePath derived = new ImagePath(derivatives.cacheBucket(), located.derivedKey());
            Target target = new Target(derived, path, params.autoFormat(), () -> derivatives.compute(located)
                    .onComplete(made -> context.runOnContext(w -> {
                        if (made.failed()) {
                            edge.fail(rc, made.cause());
                        } else {
                            fetch(rc, new Target(derived, path, params.autoFormat(), null), grant, signedSecondsLeft);
                        }
                    })));
            fetch(rc, target, grant, signedSecondsLeft);
        }));
    }

    /**
     * What is served: {@code object} (the original, or a derivative in the cache bucket) for the image at
     * {@code shown} (its key decides caching); {@code ifMissing} makes a missing derivative.
     */
    private record Target(ImagePath object, ImagePath shown, boolean varyAccept, Runnable ifMissing) {
        static Target original(ImagePath path) {
            return new Target(path, path, false, null);
        }

        boolean derived() {
            return object != shown;
        }
    }

    private void fetch(RoutingContext rc, Target target, ImageHeaders.Grant grant, long signedSecondsLeft) {
        boolean get = rc.request().method() == HttpMethod.GET;
        Conditions conditions = Conditions.of(rc.request().headers(), get);
        ImageCache.Hit hit = cacheable(target) ? cache.get(target.object().bucket(), target.object().key()) : null;
        if (hit != null) {
            fromMemory(rc, target, hit, conditions, get, grant, signedSecondsLeft);
            return;
        }
        if (get && !conditions.needMetadata()) {
            stream(rc, target, conditions.range(), grant, signedSecondsLeft);
            return;
        }
        // Validators or HEAD: one metadata request, then 304, the headers alone, or the body.
        s3.head(target.object()).onComplete(ar -> {
            if (ar.failed()) {
                missingOrFailed(rc, target, ar.cause());
                return;
            }
            ObjectMeta meta = ObjectMeta.of(ar.result());
            HttpServerResponse out = rc.response();
            String type = ImageHeaders.contentType(meta.contentType(), target.shown().key());
            if (conditions.notModified(meta.etag(), meta::lastModified)) {
                out.setStatusCode(304);
                validators(out, meta.etag(), meta.lastModifiedHeader());
                headers.secure(out.headers(), type);
                vary(out, target);
                out.putHeader("Cache-Control", headers.cacheControl(target.shown().key(), grant, signedSecondsLeft)).end();
                return;
            }
            if (!get) {
                imageHeaders(out, target, type, meta.etag(), meta.lastModifiedHeader(), grant, signedSecondsLeft);
                out.putHeader("Content-Length", String.valueOf(meta.size())).end();
                return;
            }
            String range = conditions.effectiveRange(meta.etag(), meta::lastModified);
            if (range != null && Conditions.unsatisfiable(range, meta.size())) {
                rangeNotSatisfiable(rc, meta.size());
                return;
            }
            stream(rc, target, range, grant, signedSecondsLeft);
        });
    }

    private void stream(RoutingContext rc, Target target, String range, ImageHeaders.Grant grant,
            long signedSecondsLeft) {
        ImagePath path = target.object();
        long ticket = cache.ticket(); // before S3 is asked: a change announced meanwhile makes its answer unkeepable
        s3.get(path, range).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof S3Exception e && e.code() == S3Exception.Code.INVALID_RANGE) {
                    s3.head(path).onComplete(h -> rangeNotSatisfiable(rc, h.succeeded() ? h.result().size() : -1));
                } else {
                    missingOrFailed(rc, target, ar.cause());
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
            imageHeaders(out, target, ImageHeaders.contentType(in.header("Content-Type"), target.shown().key()),
                    in.header("ETag"), in.header("Last-Modified"), grant, signedSecondsLeft);
            if (target.derived()) {
                derivatives.served(path.key(), in.header("Last-Modified"), in.header("Content-Type"));
            }
            copy(in, out, "Content-Length");
            copy(in, out, "Content-Range");
            if (in.header("Content-Length") == null) {
                out.setChunked(true); // S3 servers send a length; a gateway in between may not
            }
            ImageCache.Fill fill = in.status() == 200 && range == null && cacheable(target)
                    ? cache.fill(path.bucket(), path.key(), in.header("ETag"), in.header("Last-Modified"),
                            in.header("Content-Type"), in.info().size(), in, ticket)
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

    /** Originals of immutable keys may be answered from memory (derivatives always come from their cache bucket). */
    private boolean cacheable(Target target) {
        return !target.derived() && cache.holds(target.object().key());
    }

    /**
     * A hot immutable image, answered from memory with exactly the headers, validators and ranges an answer from
     * S3 has; the S3 server is not asked.
     */
    private void fromMemory(RoutingContext rc, Target target, ImageCache.Hit hit, Conditions conditions, boolean get,
            ImageHeaders.Grant grant, long signedSecondsLeft) {
        HttpServerResponse out = rc.response();
        String type = ImageHeaders.contentType(hit.contentType(), target.shown().key());
        long size = hit.size();
        if (conditions.notModified(hit.etag(), hit.lastModifiedDate())) {
            hit.release();
            out.setStatusCode(304);
            validators(out, hit.etag(), hit.lastModified());
            headers.secure(out.headers(), type);
            vary(out, target);
            out.putHeader("Cache-Control", headers.cacheControl(target.shown().key(), grant, signedSecondsLeft)).end();
            return;
        }
        String range = get ? conditions.effectiveRange(hit.etag(), hit.lastModifiedDate()) : null;
        if (range != null && Conditions.unsatisfiable(range, size)) {
            hit.release();
            rangeNotSatisfiable(rc, size);
            return;
        }
        imageHeaders(out, target, type, hit.etag(), hit.lastModified(), grant, signedSecondsLeft);
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

    private void imageHeaders(HttpServerResponse out, Target target, String type, String etag, String lastModified,
            ImageHeaders.Grant grant, long signedSecondsLeft) {
        out.putHeader("Content-Type", type);
        headers.secure(out.headers(), type);
        validators(out, etag, lastModified);
        vary(out, target);
        out.putHeader("Accept-Ranges", "bytes");
        // a derivative is cached like its original: its key names the source's version, so it changes with it
        out.putHeader("Cache-Control", headers.cacheControl(target.shown().key(), grant, signedSecondsLeft));
    }

    /** auto=format answers by Accept: caches must keep one answer per Accept. */
    private static void vary(HttpServerResponse out, Target target) {
        if (target.varyAccept()) {
            out.putHeader("Vary", "Accept");
        }
    }

    /** A derivative not in the cache yet is made; anything else missing is a 404 of the image asked for. */
    private void missingOrFailed(RoutingContext rc, Target target, Throwable cause) {
        if (target.ifMissing() != null && cause instanceof S3Exception e
                && (e.code() == S3Exception.Code.NO_SUCH_KEY || e.code() == S3Exception.Code.NO_SUCH_BUCKET)) {
            target.ifMissing().run();
            return;
        }
        failed(rc, target.shown(), cause);
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
        if (cause instanceof ApiError e && !(cause instanceof S3Exception)) {
            edge.fail(rc, e); // e.g. a transform that could not be made
            return;
        }
        LOG.warnf("S3 server refused %s/%s: %s", path.bucket(), path.key(), cause.toString());
        edge.fail(rc, cause instanceof S3Exception e ? e : S3Exception.unavailable("GET image", cause));
    }
}
