package io.imagepic.s3;

import java.util.Map;

/**
 * A failed S3 data request, with a typed {@link Code} decided from the S3 error code the server sent (the
 * {@code <Code>} element), the HTTP status, or the I/O failure: never from message text.
 * {@link #httpStatus()} is what the service answers its own caller.
 */
public class S3Exception extends RuntimeException {

    /** What went wrong, and the status imagepic answers for it. */
    public enum Code {
        NO_SUCH_BUCKET(404),
        NO_SUCH_KEY(404),
        /** The multipart upload is gone (aborted, or expired by a lifecycle rule). */
        NO_SUCH_UPLOAD(502),
        /** A conditional request did not hold (e.g. {@code If-None-Match: *} and the key exists). */
        PRECONDITION_FAILED(412),
        INVALID_RANGE(416),
        /** The S3 server computed another checksum than the one sent: the bytes changed on the way. */
        BAD_DIGEST(502),
        ENTITY_TOO_LARGE(413),
        BUCKET_NOT_EMPTY(409),
        BUCKET_ALREADY_EXISTS(409),
        INVALID_BUCKET_NAME(400),
        KEY_TOO_LONG(400),
        /** Our credentials or signature were refused: a configuration error, not the caller's. */
        ACCESS_DENIED(502),
        NOT_IMPLEMENTED(502),
        /** The server is reachable but asks us to slow down or is failing (5xx, SlowDown). */
        UNAVAILABLE(503),
        /** No connection (refused, reset, closed) before an answer. */
        CONNECTION_FAILED(503),
        /** Nothing moved in either direction for the idle timeout, or no connection within the connect timeout. */
        TIMEOUT(503),
        /** Any other refusal. */
        OTHER(502);

        private final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /** S3 error codes (from S3, MinIO and S3Proxy) to their meaning. */
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
            Map.entry("XAmzContentChecksumMismatch", Code.BAD_DIGEST), // MinIO, x-amz-checksum-* mismatch
            Map.entry("XAmzContentSHA256Mismatch", Code.BAD_DIGEST),
            Map.entry("IncompleteBody", Code.BAD_DIGEST),
            Map.entry("EntityTooLarge", Code.ENTITY_TOO_LARGE),
            Map.entry("BucketNotEmpty", Code.BUCKET_NOT_EMPTY),
            Map.entry("BucketAlreadyExists", Code.BUCKET_ALREADY_EXISTS),
            Map.entry("BucketAlreadyOwnedByYou", Code.BUCKET_ALREADY_EXISTS),
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
    private final String s3Code;
    private final int s3Status;
    private final String bucket;
    private final String key;

    public S3Exception(Code code, String s3Code, int s3Status, String bucket, String key, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.s3Code = s3Code;
        this.s3Status = s3Status;
        this.bucket = bucket;
        this.key = key;
    }

    /** The S3 server refused: decided by its error code, else by its status. */
    static S3Exception refused(String operation, String bucket, String key, int status, String s3Code, String s3Message) {
        Code code = s3Code == null ? null : BY_S3_CODE.get(s3Code);
        if (code == null) {
            code = byStatus(status, key);
        }
        String what = s3Code != null ? s3Code : "HTTP " + status;
        return new S3Exception(code, s3Code, status, bucket, key, operation + " " + target(bucket, key)
                + " refused by the S3 server: " + what
                + (s3Message == null || s3Message.isBlank() ? "" : " (" + s3Message + ")"),
                null);
    }

    /** The request failed below HTTP (connection, timeout). */
    static S3Exception failed(Code code, String operation, String bucket, String key, Throwable cause) {
        return new S3Exception(code, null, 0, bucket, key, operation + " " + target(bucket, key) + ": "
                + (code == Code.TIMEOUT ? "S3 server timed out" : "S3 server unreachable") + " (" + cause + ")", cause);
    }

    /** A body-less answer (HEAD) carries no error code: its status decides. */
    private static Code byStatus(int status, String key) {
        return switch (status) {
            case 404 -> key == null ? Code.NO_SUCH_BUCKET : Code.NO_SUCH_KEY;
            case 412 -> Code.PRECONDITION_FAILED;
            case 416 -> Code.INVALID_RANGE;
            case 403 -> Code.ACCESS_DENIED;
            case 409 -> Code.BUCKET_NOT_EMPTY;
            case 413 -> Code.ENTITY_TOO_LARGE;
            case 501 -> Code.NOT_IMPLEMENTED;
            case 408 -> Code.TIMEOUT;
            default -> status >= 500 ? Code.UNAVAILABLE : Code.OTHER;
        };
    }

    private static String target(String bucket, String key) {
        return key == null ? bucket : bucket + "/" + key;
    }

    public Code code() {
        return code;
    }

    /** The status imagepic answers its caller with. */
    public int httpStatus() {
        return code.httpStatus();
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
        return code.httpStatus() == 503;
    }
}
