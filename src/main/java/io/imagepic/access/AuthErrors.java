package io.imagepic.access;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.imagepic.account.AccountService;
import io.imagepic.account.Msg;
import io.imagepic.account.Msg.Lang;
import io.imagepic.web.ApiResponse;
import io.imagepic.web.ErrorMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * 401 and 403 in the seed's envelope ({@code msg: "未满足权限"}), wherever they arise: HTTP permission
 * checks on any route (Quarkus REST or plain Vert.x), and security exceptions inside resources.
 */
public class AuthErrors {

    /** The seed's putObject answer for a missing or bad token. */
    public static final String DENIED_MSG = "未满足权限";

    /** Routing-context key of the reason for a 403 when it is not the missing admin role (a {@link Msg}). */
    public static final String DENIAL = "imagepic.denial";

    /** Writes the envelope and ends the response; for code running on Vert.x routes. */
    public static void write(RoutingContext rc, int status) {
        Msg err = status == 401 ? Msg.UNAUTHORIZED : rc.get(DENIAL) instanceof Msg m ? m : Msg.FORBIDDEN;
        write(rc, status, err);
    }

    /** 403: a service token naming a bucket outside its allow-list; for Vert.x routes (upload, serving...). */
    public static void writeBucketDenied(RoutingContext rc, String bucket) {
        write(rc, 403, Msg.BUCKET, bucket);
    }

    private static void write(RoutingContext rc, int status, Msg err, Object... args) {
        if (rc.response().ended()) {
            return;
        }
        Lang lang = Lang.of(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8");
        if (status == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
        }
        rc.response().end(Json.encode(ApiResponse.fail(DENIED_MSG, Map.of("err", err.in(lang, args)))));
    }

    /** 403 from HTTP permission checks (an authenticated caller without the role) arrives as a route failure. */
    void failureHandler(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (failure instanceof ForbiddenException) {
                write(rc, 403);
            } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
                write(rc, 401);
            } else {
                rc.next();
            }
        });
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers) {
        return envelope(401, Msg.UNAUTHORIZED, headers);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers) {
        return envelope(401, Msg.UNAUTHORIZED, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return envelope(403, Msg.FORBIDDEN, headers);
    }

    @ServerExceptionMapper
    public Response bucketDenied(Caller.BucketDenied e, HttpHeaders headers) {
        return ErrorMappers.envelope(403, DENIED_MSG,
                Map.of("err", Msg.BUCKET.in(Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)), e.bucket())));
    }

    @ServerExceptionMapper
    public Response lockedOut(AccountService.LockedOut e) {
        return Response.fromResponse(ErrorMappers.envelope(429, e.getMessage(), e.data()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    private static Response envelope(int status, Msg err, HttpHeaders headers) {
        Response r = ErrorMappers.envelope(status, DENIED_MSG,
                Map.of("err", err.in(Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)))));
        return status == 401 ? Response.fromResponse(r).header("WWW-Authenticate", "Bearer").build() : r;
    }
}
