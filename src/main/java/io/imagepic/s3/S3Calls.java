package io.imagepic.s3;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.web.ApiError;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs blocking MinIO SDK calls on a worker thread, bounded by the storage timeout, and turns SDK
 * errors into {@link S3Exception}s that name the missing bucket or object.
 */
@ApplicationScoped
public class S3Calls {

    private final StorageConfig config;

    S3Calls(StorageConfig config) {
        this.config = config;
    }

    /** A metadata call, bounded by the storage timeout. */
    public <T> Uni<T> call(String what, Callable<T> blockingCall) {
        return call(what, config.timeout(), blockingCall);
    }

    /** A metadata call on one object (see {@link #call(String, String, String, java.time.Duration, Callable)}). */
    public <T> Uni<T> call(String what, String bucket, String key, Callable<T> blockingCall) {
        return call(what, bucket, key, config.timeout(), blockingCall);
    }

    /** A call that may legitimately take longer (walking a large listing, reading a whole object). */
    public <T> Uni<T> call(String what, java.time.Duration timeout, Callable<T> blockingCall) {
        return call(what, null, null, timeout, blockingCall);
    }

    /**
     * A call on one object. S3 servers do not all name the bucket and key in their error answers (S3Proxy's GET
     * names neither), so a failure names the ones given here when the server's answer does not.
     */
    public <T> Uni<T> call(String what, String bucket, String key, java.time.Duration timeout, Callable<T> blockingCall) {
        return Uni.createFrom().item(() -> {
            try {
                return blockingCall.call();
            } catch (Exception e) {
                throw translate(what, bucket, key, e);
            }
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout)
                .failWith(() -> S3Exception.unavailable(what, new TimeoutException("no answer within " + timeout)));
    }

    /**
     * Waits for an {@link ObjectStore} object call on a worker thread (never on an event loop) and answers its
     * result, or throws its failure (an {@link S3Exception}). The data client's own timeouts bound the wait.
     */
    public static <T> T await(io.vertx.core.Future<T> call) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("S3Calls.await on an event loop");
        }
        try {
            return call.toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw S3Exception.unavailable("wait", e);
        }
    }

    /** As {@link #translate(String, Throwable)}, for a call on this bucket and key (either may be null). */
    public static RuntimeException translate(String what, String bucket, String key, Throwable e) {
        return translate(what, e instanceof ErrorResponseException er ? naming(er, bucket, key) : e);
    }

    /** The server's error, naming the call's bucket and key where the server named none. */
    private static ErrorResponseException naming(ErrorResponseException er, String bucket, String key) {
        ErrorResponse r = er.errorResponse();
        if (r.bucketName() != null && r.objectName() != null) {
            return er;
        }
        return new ErrorResponseException(new ErrorResponse(r.code(), r.message(),
                Objects.requireNonNullElse(r.bucketName(), String.valueOf(bucket)),
                Objects.requireNonNullElse(r.objectName(), String.valueOf(key)),
                r.resource(), r.requestId(), r.hostId()), er.response(), er.httpTrace());
    }

    /** Maps an SDK exception to what the caller should see. Public: streaming code paths use it too. */
    public static RuntimeException translate(String what, Throwable e) {
        if (e instanceof ApiError api) {
            return api;
        }
        if (e instanceof ErrorResponseException er) {
            // the same mapping of S3 error codes as the data client's
            return S3Exception.refused(what, er.errorResponse().bucketName(), er.errorResponse().objectName(),
                    er.response() == null ? 0 : er.response().code(), er.errorResponse().code(), er.errorResponse().message());
        }
        if (e instanceof IOException || e instanceof TimeoutException) {
            return S3Exception.unavailable(what, e);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new S3Exception(S3Exception.Code.REFUSED, e, S3Msg.REFUSED, what, e.toString());
    }

}
