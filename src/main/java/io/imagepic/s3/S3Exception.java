package io.imagepic.s3;

import java.time.Duration;
import java.util.Map;

import io.imagepic.web.ApiError;
import io.imagepic.web.Message;

/**
 * A storage failure with its typed cause ({@link Code}): decided from the S3 error code the server sent (the
 * {@code <Code>} element), its HTTP status, or the I/O failure, never from message text. Callers decide by
 * code (a missing object versus a missing bucket); the code decides the HTTP status through
 * {@link ApiError.Kind}.
 */
public class S3Exception extends ApiError {

    /** Clients are told to retry after this when the S3 server is away or overloaded. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public enum Code {
        NO_SUCH_BUCKET(Kind.NOT_FOUND),
        NO_SUCH_KEY(Kind.NOT_FOUND),
        /** The multipart upload is gone (aborted, or expired by a lifecycle rule). */
        NO_SUCH_UPLOAD(Kind.BAD_GATEWAY),
        BUCKET_NOT_EMPTY(Kind.CONFLICT),
        BUCKET_EXISTS(Kind.CONFLICT),
        /** A conditional write lost: the object exists (If-None-Match: *) or changed (If-Match). */
        PRECONDITION_FAILED(Kind.CONFLICT),
        INVALID_RANGE(Kind.RANGE_NOT_SATISFIABLE),
        /** The S3 server computed another checksum than the one sent: the bytes changed on the way. */
        BAD_DIGEST(Kind.BAD_GATEWAY),
        ENTITY_TOO_LARGE(Kind.TOO_LARGE),
        INVALID_BUCKET_NAME(Kind.BAD_REQUEST),
        KEY_TOO_LONG(Kind.BAD_REQUEST),
        /** Our credentials or signature were refused: a configuration error, not the caller's. */
        ACCESS_DENIED(Kind.BAD_GATEWAY),
        NOT_IMPLEMENTED(Kind.BAD_GATEWAY),
        /** The server is reachable but failing or asking us to slow down (5xx, SlowDown). */
        UNAVAILABLE(Kind.UNAVAILABLE),
        /** No connection (refused, reset, closed) before an answer. */
        CONNECTION_FAILED(Kind.UNAVAILABLE),
        /** Nothing moved in either direction for the idle timeout, or no connection within the connect timeout. */
        TIMEOUT(Kind.UNAVAILABLE),
        /** The server answered with an error the service cannot recover from. */
        REFUSED(Kind.BAD_GATEWAY);

        private final Kind kind;

        Code(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** S3 error codes (as sent by AWS S3, MinIO and S3Proxy) to their meaning. */
    private static final Map<String, Code> BY_S3_CODE = Map.ofEntries(
            Map.entry("NoSuchBucket", Code.NO_SUCH_BUCKET),
            Map.entry("NoSuchKey", Code.NO_SUCH_KEY),
            Map.entry("NoSuchObject", Code.NO_SUCH_KEY),
            Map.entry("NoSuchVersion", Code.NO_SUCH_KEY),
            Map.entry("NoSuchUpload", Code.NO_SUCH_UPLOAD),
            Map.entry("PreconditionFailed", Code.PRECONDITION_FAILED),
            Map.entry("InvalidRange", Code.INVALID_RANGE),
            Map.entry("BadDigest", Code.BAD_DIGEST),
            Map.entry("InvalidDigest", Code.BAD_DIGEST),
            Map.entry("XAmzContentChecksumMismatch", Code.BAD_DIGEST), // MinIO: x-amz-checksum-* mismatch
            Map.entry("XAmzContentSHA256Mismatch", Code.BAD_DIGEST),
            Map.entry("IncompleteBody", Code.BAD_DIGEST),
            Map.entry("EntityTooLarge", Code.ENTITY_TOO_LARGE),
            Map.entry("BucketNotEmpty", Code.BUCKET_NOT_EMPTY),
            Map.entry("BucketAlreadyExists", Code.BUCKET_EXISTS),
            Map.entry("BucketAlreadyOwnedByYou", Code.BUCKET_EXISTS),
            Map.entry("InvalidBucketName", Code.INVALID_BUCKET_NAME),
            Map.entry("KeyTooLongError", Code.KEY_TOO_LONG),
            Map.entry("AccessDenied", Code.ACCESS_DENIED),
            Map.entry("SignatureDoesNotMatch", Code.ACCESS_DENIED),
            Map.entry("InvalidAccessKeyId", Code.ACCESS_DENIED),
            Map.entry("ExpiredToken", Code.ACCESS_DENIED),
            Map.entry("InvalidToken", Code.ACCESS_DENIED),
            Map.entry("RequestTimeTooSkewed", Code.ACCESS_DENIED),
            Map.entry("NotImplemented", Code.NOT_IMPLEMENTED),
            Map.entry("SlowDown", Code.UNAVAILABLE),
            Map.entry("ServiceUnavailable", Code.UNAVAILABLE),
            Map.entry("InternalError", Code.UNAVAILABLE),
            Map.entry("RequestTimeout", Code.TIMEOUT));

    private final Code code;
    private String s3Code;
    private int s3Status;
    private String bucket;
    private String key;

    public S3Exception(Code code, Throwable cause, Message reason, Object... args) {
        super(code.kind, cause, reason, args);
        this.code = code;
        if (code.kind == Kind.UNAVAILABLE) {
            retryAfter(RETRY_AFTER);
        }
    }

    public S3Exception(Code code, Message reason, Object... args) {
        this(code, null, reason, args);
    }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception(Code.NO_SUCH_BUCKET, S3Msg.NO_SUCH_BUCKET, bucket).on(bucket, null);
    }

    public static S3Exception noSuchKey(String bucket, String key) {
        return new S3Exception(Code.NO_SUCH_KEY, S3Msg.NO_SUCH_KEY, bucket, key).on(bucket, key);
    }

    public static S3Exception unavailable(String what, Throwable cause) {
        return new S3Exception(Code.UNAVAILABLE, cause, S3Msg.UNAVAILABLE, what, String.valueOf(cause.getMessage()));
    }

    /**
     * The S3 server refused {@code operation}: decided by its error code, else by its status.
     *
     * @param s3Code the {@code <Code>} it sent, or null (a HEAD has no body)
     */
    public static S3Exception refused(String operation, String bucket, String key, int status, String s3Code,
            String s3Message) {
        Code code = s3Code == null ? null : BY_S3_CODE.get(s3Code);
        if (code == null) {
            code = byStatus(status, key);
        }
        String detail = (s3Code != null ? s3Code : "HTTP " + status)
                + (s3Message == null || s3Message.isBlank() ? "" : " (" + s3Message + ")");
        S3Exception e = switch (code) {
            case NO_SUCH_BUCKET -> new S3Exception(code, S3Msg.NO_SUCH_BUCKET, bucket);
            case NO_SUCH_KEY -> new S3Exception(code, S3Msg.NO_SUCH_KEY, bucket, key);
            case PRECONDITION_FAILED -> new S3Exception(code, S3Msg.PRECONDITION_FAILED, bucket, key);
            case BUCKET_NOT_EMPTY -> new S3Exception(code, S3Msg.BUCKET_NOT_EMPTY, bucket);
            case BUCKET_EXISTS -> new S3Exception(code, S3Msg.BUCKET_EXISTS, bucket);
            case INVALID_RANGE -> new S3Exception(code, S3Msg.INVALID_RANGE);
            case BAD_DIGEST -> new S3Exception(code, S3Msg.BAD_DIGEST, operation, target(bucket, key));
            case UNAVAILABLE, TIMEOUT, CONNECTION_FAILED -> new S3Exception(code, S3Msg.UNAVAILABLE, operation, detail);
            default -> new S3Exception(code, S3Msg.REFUSED, operation, detail);
        };
        e.s3Code = s3Code;
        e.s3Status = status;
        return e.on(bucket, key);
    }

    /** The request failed below HTTP: no connection, or the server stalled. */
    public static S3Exception failed(Code code, String operation, String bucket, String key, Throwable cause) {
        Message reason = code == Code.TIMEOUT ? S3Msg.TIMEOUT : S3Msg.UNAVAILABLE;
        S3Exception e = code == Code.TIMEOUT ? new S3Exception(code, cause, reason, operation)
                : new S3Exception(code, cause, reason, operation, String.valueOf(cause));
        return e.on(bucket, key);
    }

    private S3Exception on(String bucket, String key) {
        this.bucket = bucket;
        this.key = key;
        return this;
    }

    /** A body-less answer (HEAD) carries no error code: its status decides. */
    private static Code byStatus(int status, String key) {
        return switch (status) {
            case 404 -> key == null ? Code.NO_SUCH_BUCKET : Code.NO_SUCH_KEY;
            case 412 -> Code.PRECONDITION_FAILED;
            case 416 -> Code.INVALID_RANGE;
            case 403 -> Code.ACCESS_DENIED;
            case 413 -> Code.ENTITY_TOO_LARGE;
            case 501 -> Code.NOT_IMPLEMENTED;
            case 408 -> Code.TIMEOUT;
            default -> status >= 500 ? Code.UNAVAILABLE : Code.REFUSED;
        };
    }

    private static String target(String bucket, String key) {
        return key == null ? bucket : bucket + "/" + key;
    }

    public Code code() {
        return code;
    }

    /** The S3 error code as sent ("NoSuchKey"), or null (no body, or no answer at all). */
    public String s3Code() {
        return s3Code;
    }

    /** The S3 server's HTTP status, or 0 when it never answered. */
    public int s3Status() {
        return s3Status;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** True when retrying later may succeed (the server was away or overloaded). */
    public boolean isTransient() {
        return code.kind == Kind.UNAVAILABLE;
    }
}
