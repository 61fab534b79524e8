package io.imagepic.s3;

import io.imagepic.web.ApiError;
import io.imagepic.web.Message;

/**
 * A storage failure with its typed cause ({@link Code}): callers decide by code (e.g. a missing object versus a
 * missing bucket), never by message text. The code decides the HTTP status through {@link ApiError.Kind}.
 */
public class S3Exception extends ApiError {

    public enum Code {
        NO_SUCH_BUCKET(Kind.NOT_FOUND),
        NO_SUCH_KEY(Kind.NOT_FOUND),
        BUCKET_NOT_EMPTY(Kind.CONFLICT),
        BUCKET_EXISTS(Kind.CONFLICT),
        /** A conditional write lost: the object exists (If-None-Match: *) or changed (If-Match). */
        PRECONDITION_FAILED(Kind.CONFLICT),
        /** The server could not be reached, or did not answer in time. */
        UNAVAILABLE(Kind.UNAVAILABLE),
        /** The server answered with an error the service cannot recover from. */
        REFUSED(Kind.BAD_GATEWAY);

        private final Kind kind;

        Code(Kind kind) {
            this.kind = kind;
        }
    }

    private final Code code;

    public S3Exception(Code code, Throwable cause, Message reason, Object... args) {
        super(code.kind, cause, reason, args);
        this.code = code;
    }

    public S3Exception(Code code, Message reason, Object... args) {
        this(code, null, reason, args);
    }

    public Code code() {
        return code;
    }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception(Code.NO_SUCH_BUCKET, S3Msg.NO_SUCH_BUCKET, bucket);
    }

    public static S3Exception noSuchKey(String bucket, String key) {
        return new S3Exception(Code.NO_SUCH_KEY, S3Msg.NO_SUCH_KEY, bucket, key);
    }

    public static S3Exception unavailable(String what, Throwable cause) {
        return new S3Exception(Code.UNAVAILABLE, cause, S3Msg.UNAVAILABLE, what, String.valueOf(cause.getMessage()));
    }
}
