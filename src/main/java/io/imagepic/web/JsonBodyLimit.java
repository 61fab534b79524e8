package io.imagepic.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Caps the bodies of the JSON routes before they are read. {@code quarkus.http.limits.max-body-size} cannot: it
 * is one limit for every route (uploads included) and answers without the envelope. This route runs after the
 * routes that stream their bodies themselves (uploads: they come first) and before Quarkus REST: it refuses a
 * declared length over {@code imagepic.http.max-json-body} at once, reads a chunked body only up to it, and hands
 * what it read to Quarkus REST, which takes a body already read instead of reading the request. A refusal is a 413
 * in the envelope, and the connection is closed: the rest of the body is never read. An HTTP/2 body is checked by
 * its declared length only.
 */
@ApplicationScoped
public class JsonBodyLimit {

    private final Edge edge;
    private final long max;

    JsonBodyLimit(Edge edge, WebConfig config) {
        this.edge = edge;
        this.max = config.maxJsonBody().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (request.isEnded() || (rc.body() != null && rc.body().buffer() != null)
                || (length == null && encoding == null)) {
            rc.next(); // no body, or already read
            return;
        }
        if (length != null && parse(length) > max) {
            refuse(rc);
            return;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            // Quarkus REST pauses the request it is handed, which HTTP/2 refuses once the body was read: an HTTP/2
            // body is checked by its declared length only (browsers and JSON clients declare it); one without is
            // read by Quarkus REST, up to quarkus.http.limits.max-body-size
            rc.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = new boolean[1];
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                refused[0] = true;
                refuse(rc);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(t -> {
            if (!refused[0]) {
                refused[0] = true;
                rc.fail(t);
            }
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    private void refuse(RoutingContext rc) {
        if (rc.request().version() != HttpVersion.HTTP_2) { // one HTTP/2 connection carries other requests too
            rc.response().putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(v -> rc.request().connection().close());
        }
        edge.fail(rc, new ApiError(ApiError.Kind.TOO_LARGE, WebMsg.BODY_TOO_LARGE, max));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
