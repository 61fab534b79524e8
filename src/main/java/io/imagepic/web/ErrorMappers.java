package io.imagepic.web;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.imagepic.s3.StorageException;

/** Every failure gets an answer in the seed's envelope with a real HTTP status. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return envelope(e.status(), e.getMessage(), e.data());
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
        };
        if (status >= 500) {
            LOG.warnf("storage failure: %s", e.getMessage());
        }
        return envelope(status, e.getMessage(), Map.of("err", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        String msg = field != null ? "invalid value for field '" + field + "'" : "malformed JSON body";
        return envelope(400, msg, Map.of("err", msg));
    }

    /** Declared on its own: Quarkus ships a mapper for this exact type that would answer without the envelope. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String msg = e.getConstraintViolations().stream()
                .map(ErrorMappers::describe)
                .sorted()
                .collect(Collectors.joining(", "));
        return envelope(400, msg, Map.of("err", msg));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String msg = e.getMessage() != null ? e.getMessage() : Response.Status.fromStatusCode(status).getReasonPhrase();
        Response.ResponseBuilder r = Response.fromResponse(e.getResponse()).entity(ApiResponse.fail(msg, Map.of("err", msg)))
                .type(MediaType.APPLICATION_JSON);
        return r.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return envelope(500, "internal error", Map.of("err", "internal error"));
    }

    public static Response envelope(int status, String msg, Object data) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ApiResponse.fail(msg, data)).build();
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "method.arg0.bucketName" -> "bucketName"
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return field + " " + v.getMessage();
    }
}
