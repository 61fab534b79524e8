package io.imagepic.web;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The one HTTP edge: every failure, wherever it arises (a Quarkus REST resource, an HTTP permission check,
 * a plain Vert.x route), becomes an {@link ApiError} through {@link #translate} and is answered by the same
 * code in the seed's envelope, with its real status. Vert.x routes also answer success through {@link #ok}.
 */
@ApplicationScoped
public class Edge {

    private static final Logger LOG = Logger.getLogger(Edge.class);

    /** Routing-context key of the ApiError an HTTP permission policy denied with (a 403 with a specific reason). */
    public static final String DENIAL = "imagepic.denial";

    private final ObjectMapper json;

    Edge(ObjectMapper json) {
        this.json = json;
    }

    /** The one mapping from anything thrown to what the client is told. */
    public static ApiError translate(Throwable e) {
        if (e instanceof ApiError api) {
            return api;
        }
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            return ApiError.unauthorized(WebMsg.UNAUTHORIZED);
        }
        if (e instanceof ForbiddenException) {
            return ApiError.forbidden(WebMsg.FORBIDDEN);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return ApiError.badRequest(WebMsg.INVALID_FIELD, field);
        }
        if (e instanceof JsonProcessingException) {
            return ApiError.badRequest(WebMsg.MALFORMED_JSON);
        }
        if (e instanceof ConstraintViolationException v) {
            String why = v.getConstraintViolations().stream().map(Edge::describe).sorted()
                    .collect(Collectors.joining(", "));
            return ApiError.badRequest(WebMsg.INVALID, why);
        }
        if (e instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            String why = w.getMessage() != null ? w.getMessage() : Response.Status.fromStatusCode(status).getReasonPhrase();
            return new ApiError(ApiError.Kind.ofStatus(status), WebMsg.HTTP, why);
        }
        LOG.error("unexpected failure", e);
        return new ApiError(ApiError.Kind.INTERNAL, e, WebMsg.INTERNAL);
    }

    /** The seed's failure envelope for this error. */
    public static ApiResponse<Object> body(ApiError e, Lang lang) {
        Object data = e.data() != null ? e.data() : Map.of("err", e.reason(lang));
        return ApiResponse.fail(e.denial() ? ApiResponse.DENIED_MSG : ApiResponse.FAIL_MSG, data);
    }

    // --- Quarkus REST ---

    /**
     * Every type Quarkus would otherwise answer itself (without the envelope) is listed, so this mapper wins for
     * it; everything else reaches {@link #unexpected}. Both answer alike.
     */
    @ServerExceptionMapper({ ApiError.class, UnauthorizedException.class, AuthenticationFailedException.class,
            ForbiddenException.class, JsonProcessingException.class, MismatchedInputException.class,
            ConstraintViolationException.class })
    public Response known(Exception e, HttpHeaders headers) {
        return response(e, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        Response r = response(e, headers);
        // keep what the framework said about the request (e.g. Allow for a 405)
        return Response.fromResponse(e.getResponse()).status(r.getStatus()).type(MediaType.APPLICATION_JSON)
                .entity(r.getEntity()).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpHeaders headers) {
        return response(e, headers);
    }

    private static Response response(Throwable t, HttpHeaders headers) {
        ApiError e = translate(t);
        Response.ResponseBuilder r = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .entity(body(e, Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE))));
        if (e.kind() == ApiError.Kind.UNAUTHORIZED) {
            r.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfter() != null) {
            r.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return r.build();
    }

    // --- Plain Vert.x routes ---

    /** Answers the failure in the envelope; a response already under way is cut off instead (never a truncated 200). */
    public void fail(RoutingContext rc, Throwable failure) {
        HttpServerResponse out = rc.response();
        if (out.closed() || out.ended()) {
            return;
        }
        if (out.headWritten()) {
            out.reset();
            return;
        }
        ApiError e = translate(failure);
        out.setStatusCode(e.status())
                .putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store");
        if (e.kind() == ApiError.Kind.UNAUTHORIZED) {
            out.putHeader("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfter() != null) {
            out.putHeader("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        if (rc.request().method() == HttpMethod.HEAD) {
            out.end();
            return;
        }
        out.end(write(body(e, Lang.of(rc.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE)))));
    }

    /** Answers {@code data} in the success envelope. */
    public void ok(RoutingContext rc, Object data) {
        reply(rc, 200, ApiResponse.ok(data));
    }

    /** Answers an envelope with this status (e.g. 207 for an upload of several files where some failed). */
    public void reply(RoutingContext rc, int status, ApiResponse<?> body) {
        HttpServerResponse out = rc.response();
        if (out.closed() || out.ended()) {
            return;
        }
        out.setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8").end(write(body));
    }

    private String write(ApiResponse<?> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            LOG.error("cannot write an answer", e);
            return "{\"code\":\"-1\",\"data\":null,\"msg\":\"失败\",\"success\":false}";
        }
    }

    /** HTTP permission checks fail the route (no authentication: 401, a missing role or scope: 403). */
    void failureHandler(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (failure instanceof ForbiddenException && rc.get(DENIAL) instanceof ApiError denial) {
                fail(rc, denial);
            } else if (failure instanceof ForbiddenException || failure instanceof UnauthorizedException
                    || failure instanceof AuthenticationFailedException || failure instanceof ApiError) {
                fail(rc, failure);
            } else {
                rc.next();
            }
        });
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "method.arg0.bucketName" -> "bucketName"
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return field + " " + v.getMessage();
    }
}
