package io.imagepic.web;

import java.time.Duration;
import java.util.Arrays;

/**
 * Every failure the service answers: a {@link Kind} that decides the HTTP status and the envelope's {@code msg},
 * and a reason rendered into {@code data.err} in the caller's language. Code decides by kind (and subclasses,
 * e.g. {@code s3.S3Exception}, by their own typed cause), never by message text. {@link Edge} turns it into
 * the seed's envelope.
 */
public class ApiError extends RuntimeException {

    public enum Kind {
        BAD_REQUEST(400),
        UNAUTHORIZED(401),
        FORBIDDEN(403),
        NOT_FOUND(404),
        METHOD_NOT_ALLOWED(405),
        NOT_ACCEPTABLE(406),
        REQUEST_TIMEOUT(408),
        CONFLICT(409),
        PRECONDITION_FAILED(412),
        TOO_LARGE(413),
        UNSUPPORTED_TYPE(415),
        RANGE_NOT_SATISFIABLE(416),
        /** Well-formed, but its content cannot be processed (an image too large or corrupt to transform). */
        UNPROCESSABLE(422),
        TOO_MANY_REQUESTS(429),
        INTERNAL(500),
        BAD_GATEWAY(502),
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The kind answered for an HTTP status raised by the framework (an unknown route, a wrong method...). */
        public static Kind ofStatus(int status) {
            return Arrays.stream(values()).filter(k -> k.status == status).findFirst()
                    .orElse(status >= 500 ? INTERNAL : BAD_REQUEST);
        }
    }

    private final Kind kind;
    private final Message reason;
    private final Object[] args;
    private Object data;
    private Duration retryAfter;
    private boolean denial;

    public ApiError(Kind kind, Message reason, Object... args) {
        this(kind, null, reason, args);
    }

    public ApiError(Kind kind, Throwable cause, Message reason, Object... args) {
        // Client errors are frequent and expected: no stack trace to fill in.
        super(reason.in(Lang.EN, args), cause, true, kind.status >= 500);
        this.kind = kind;
        this.reason = reason;
        this.args = args;
        this.denial = kind == Kind.UNAUTHORIZED || kind == Kind.FORBIDDEN;
    }

    /**
     * A refused request that is no access denial, answered with the seed's {@code msg: "失败"} whatever its
     * status (a wrong password at login is a 401, closed registration a 403, as the seed's failures).
     */
    public static ApiError failed(Kind kind, Message reason, Object... args) {
        ApiError e = new ApiError(kind, reason, args);
        e.denial = false;
        return e;
    }

    public static ApiError badRequest(Message reason, Object... args) {
        return new ApiError(Kind.BAD_REQUEST, reason, args);
    }

    public static ApiError notFound(Message reason, Object... args) {
        return new ApiError(Kind.NOT_FOUND, reason, args);
    }

    public static ApiError conflict(Message reason, Object... args) {
        return new ApiError(Kind.CONFLICT, reason, args);
    }

    public static ApiError forbidden(Message reason, Object... args) {
        return new ApiError(Kind.FORBIDDEN, reason, args);
    }

    public static ApiError unauthorized(Message reason, Object... args) {
        return new ApiError(Kind.UNAUTHORIZED, reason, args);
    }

    /** An access denial (missing or bad token, missing permission): the seed's {@code msg: "未满足权限"}. */
    public boolean denial() {
        return denial;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return kind.status;
    }

    /** The reason, for {@code data.err}. */
    public String reason(Lang lang) {
        return reason.in(lang, args);
    }

    /** What {@code data} holds instead of {@code {err: reason}} (e.g. the per-file results of an upload). */
    public ApiError withData(Object data) {
        this.data = data;
        return this;
    }

    public Object data() {
        return data;
    }

    /**
     * The {@code Retry-After} of a replica too busy right now (its upload memory, its transform pool): about the time
     * work in flight takes to free a place. Limits that know their own wait (login lockouts, the bcrypt pool's
     * setting, S3 outages) send that instead.
     */
    public static final Duration RETRY_BUSY = Duration.ofSeconds(2);

    /** Sent as {@code Retry-After} (429, 503). */
    public ApiError retryAfter(Duration after) {
        this.retryAfter = after;
        return this;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
