package io.imagepic.s3;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.minio.errors.ErrorResponseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs blocking MinIO SDK calls on a worker thread, bounded by the storage timeout, and turns SDK
 * errors into {@link StorageException}s that name the missing bucket or object.
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
                .failWith(() -> unavailable(what, new TimeoutException("no answer within " + timeout)));
    }

    /** Maps an SDK exception to what the caller should see. Public: streaming code paths use it too. */
    public static RuntimeException translate(String what, Throwable e) {
        if (e instanceof StorageException se) {
            return se;
        }
        if (e instanceof ErrorResponseException er) {
            String code = er.errorResponse().code();
            return switch (code) {
                case "NoSuchBucket" -> StorageException.notFound("bucket not found: " + er.errorResponse().bucketName());
                case "NoSuchKey", "NoSuchObject" -> StorageException.notFound("object not found: "
                        + er.errorResponse().bucketName() + "/" + er.errorResponse().objectName());
                case "BucketNotEmpty" -> StorageException.conflict("bucket not empty: " + er.errorResponse().bucketName());
                case "BucketAlreadyOwnedByYou", "BucketAlreadyExists" ->
                    StorageException.conflict("bucket already exists: " + er.errorResponse().bucketName());
                default -> new StorageException(StorageException.Kind.BAD_GATEWAY,
                        what + " failed on the S3 server: " + code + " " + er.errorResponse().message(), e);
            };
        }
        if (e instanceof IOException || e instanceof TimeoutException) {
            return unavailable(what, e);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new StorageException(StorageException.Kind.BAD_GATEWAY, what + " failed: " + e, e);
    }

    private static StorageException unavailable(String what, Throwable cause) {
        return new StorageException(StorageException.Kind.UNAVAILABLE,
                "storage unavailable (" + what + "): " + cause.getMessage(), cause);
    }
}
