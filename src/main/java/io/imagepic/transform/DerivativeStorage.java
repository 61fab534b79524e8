package io.imagepic.transform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.sun.jna.Memory;

import io.imagepic.s3.ObjectInfo;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3DataClient;
import io.imagepic.s3.S3Exception;
import io.imagepic.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * Every S3 request of the transforms, in one place: the source's HEAD and GET (straight into native memory,
 * which libvips reads in place), the derivative's PUT, and the cache bucket's upkeep (creation, deletion by
 * prefix, refresh, listing for the size limit). Data requests go through the service's non-blocking data
 * client; listing, copy and bucket creation through the MinIO SDK on a worker.
 * <p>
 * A derivative's key: {@code <prefix><bucket>/<SHA-256 of the source key, 32 hex>/<source ETag>/<transform>}, so
 * that all derivatives of one source share a prefix (deleted together when it changes) and a new version of
 * the source never meets an old derivative.
 */
@Singleton
public class DerivativeStorage {

    private static final Logger LOG = Logger.getLogger(DerivativeStorage.class);
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(10);

    private final ObjectStore s3;
    private final S3Calls calls;
    private final String bucket;
    private final String prefix;

    DerivativeStorage(ObjectStore s3, S3Calls calls, TransformConfig config) {
        this.s3 = s3;
        this.calls = calls;
        this.bucket = config.cache().bucket();
        this.prefix = config.cache().prefix().orElse("");
        sha256("warm-up"); // the first digest looks up providers: not on an event loop's first image
    }

    /** The cache bucket: reserved, no API call may reach it. */
    public String bucket() {
        return bucket;
    }

    /** All derivatives of one source, whatever its version. */
    public String sourcePrefix(String sourceBucket, String sourceKey) {
        return bucketPrefix(sourceBucket) + sha256(sourceKey).substring(0, 32) + "/";
    }

    public String bucketPrefix(String sourceBucket) {
        return prefix + sourceBucket + "/";
    }

    public String derivedKey(String sourceBucket, String sourceKey, String etag, Transform t) {
        String version = etag == null ? "none" : etag.replaceAll("[^A-Za-z0-9-]", "");
        return sourcePrefix(sourceBucket, sourceKey) + version + "/" + t.name();
    }

    Future<ObjectInfo> headSource(String sourceBucket, String key) {
        return s3.head(sourceBucket, key);
    }

    /**
     * Reads the source, if it is still version {@code etag}, into native memory of its exact size: one copy from
     * the socket's buffers, no growing array. 413 past {@code max} bytes; 503 when the source changed meanwhile.
     * The caller owns the memory (close it).
     */
    Future<Memory> readSource(String sourceBucket, String key, String etag, long max) {
        Map<String, String> ifMatch = etag == null ? Map.of() : Map.of("If-Match", etag);
        return s3.get(sourceBucket, key, ifMatch).recover(e -> Future.failedFuture(
                e instanceof S3Exception s && s.code() == S3Exception.Code.PRECONDITION_FAILED ? changed() : e))
                .compose(object -> {
                    long size = object.info().size();
                    if (size < 0 || size > max) {
                        object.cancel();
                        return Future.failedFuture(
                                new ApiError(ApiError.Kind.TOO_LARGE, TransformMsg.SOURCE_TOO_LARGE, max));
                    }
                    Memory memory = new Memory(Math.max(1, size));
                    Promise<Memory> read = Promise.promise();
                    long[] position = { 0 };
                    object.exceptionHandler(e -> {
                        if (read.tryFail(e)) {
                            memory.close();
                        }
                    });
                    object.endHandler(v -> {
                        if (position[0] != size) {
                            if (read.tryFail(S3Exception.unavailable("read source", new IllegalStateException(
                                    "source ended after " + position[0] + " of " + size + " bytes")))) {
                                memory.close();
                            }
                        } else {
                            read.tryComplete(memory);
                        }
                    });
                    object.handler(chunk -> {
                        int n = chunk.length();
                        if (read.future().isComplete()) {
                            return;
                        }
                        if (position[0] + n > size) {
                            object.cancel();
                            if (read.tryFail(S3Exception.unavailable("read source",
                                    new IllegalStateException("source longer than announced")))) {
                                memory.close();
                            }
                            return;
                        }
                        ByteBuffer target = memory.getByteBuffer(position[0], n);
                        chunk.getByteBuf().getBytes(chunk.getByteBuf().readerIndex(), target);
                        position[0] += n;
                    });
                    return read.future();
                });
    }

    private static ApiError changed() {
        return new ApiError(ApiError.Kind.UNAVAILABLE, TransformMsg.BUSY).retryAfter(Duration.ofSeconds(1));
    }

    /** Stores a derivative; the cache bucket is created on first use. */
    Future<S3DataClient.PutResult> put(String key, byte[] bytes, String contentType) {
        Buffer body = Buffer.buffer(bytes);
        S3DataClient.ObjectWrite write = S3DataClient.ObjectWrite.of(contentType);
        return s3.put(bucket, key, write, body).recover(e -> {
            if (e instanceof S3Exception s && s.code() == S3Exception.Code.NO_SUCH_BUCKET) {
                return ensureBucket().compose(v -> s3.put(bucket, key, write, body));
            }
            return Future.failedFuture(e);
        });
    }

    private Future<Void> ensureBucket() {
        Uni<Void> make = calls.call("make cache bucket", () -> {
            if (!s3.bucketExists(bucket)) {
                try {
                    s3.makeBucket(bucket);
                    LOG.infof("created the derivative cache bucket %s", bucket);
                } catch (S3Exception e) {
                    if (e.code() != S3Exception.Code.BUCKET_EXISTS) {
                        throw e; // another replica made it first: fine
                    }
                }
            }
            return null;
        });
        return Future.fromCompletionStage(make.subscribeAsCompletionStage());
    }

    /** Deletes every derivative under a prefix (best effort, on a worker). */
    Uni<Integer> deletePrefix(String keyPrefix) {
        return calls.call("delete derivatives", LIST_TIMEOUT, () -> {
            List<String> keys = new ArrayList<>();
            s3.list(bucket, keyPrefix, true, listed -> keys.add(listed.key()));
            for (String key : keys) {
                S3Calls.await(s3.delete(bucket, key));
            }
            return keys.size();
        }).onFailure(e -> e instanceof S3Exception s && s.code() == S3Exception.Code.NO_SUCH_BUCKET).recoverWithItem(0);
    }

    /** Marks a derivative used now (Last-Modified), for the size limit's least-recently-used order: one copy onto itself. */
    Uni<Void> touch(String key, String contentType) {
        return calls.call("refresh derivative", bucket, key, () -> {
            s3.touch(bucket, key, contentType);
            return null;
        });
    }

    /** A derivative as the size limit sees it. */
    record Entry(String key, long size, ZonedDateTime lastModified) {
    }

    /** Every derivative (blocking: call on a worker). */
    List<Entry> list() throws Exception {
        List<Entry> all = new ArrayList<>();
        if (!s3.bucketExists(bucket)) {
            return all;
        }
        s3.list(bucket, prefix, true, listed -> all.add(new Entry(listed.key(), listed.size(), listed.lastModified())));
        return all;
    }

    /** Deletes one derivative (blocking: call on a worker). */
    void delete(String key) {
        S3Calls.await(s3.delete(bucket, key));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
