package io.imagepic.s3;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.web.ApiError;
import io.minio.errors.ErrorResponseException;
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

    /** A call that may legitimately take longer (walking a large listing, reading a whole object). */
    public <T> Uni<T> call(String what, java.time.Duration timeout, Callable<T> blockingCall) {
        return Uni.createFrom().item(() -> {
            try {
                return blockingCall.call();
            } catch (Exception e) {
                throw translate(what, e);
            }
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout)
                .failWith(() -> S3Exception.unavailable(what, new TimeoutException("no answer within " + timeout)));
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
