package io.imagepic.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.object.Uploaders;
import io.imagepic.s3.ObjectKeys;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3StreamUpload;
import io.imagepic.web.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * How a file may be written, on the event loop: create its key, or replace exactly the version the caller
 * may replace; and whether a content-addressed key that exists already holds the same bytes.
 */
@ApplicationScoped
public class ConditionalWrites {

    /** Hex digits of the SHA-256 used in content-addressed keys (128 bits). */
    static final int HASH_KEY_HEX = 32;
    /** User metadata of a hash-named object: the SHA-256 of its bytes, as the service computed it. */
    static final String SHA256_METADATA = "sha256";
    /** Numbered names tried when keeping both ({@code -1} ... {@code -99}) before a random suffix. */
    static final int MAX_NUMBERED = 99;
    private static final String RANDOM_SUFFIX_CHARS = "abcdefghijkmnpqrstuvwxyz23456789";

    private final ObjectStore s3;
    private final Access access;

    ConditionalWrites(ObjectStore s3, Access access) {
        this.s3 = s3;
        this.access = access;
    }

    /** Content type and uploader; hash-named objects also record the SHA-256 the service computed. */
    static ObjectWrite write(ImageType type, Caller caller, String sha256) {
        Map<String, String> metadata = new HashMap<>();
        if (!caller.isAnonymous()) {
            metadata.put(Uploaders.METADATA_KEY, Uploaders.encode(caller.id()));
        }
        if (sha256 != null) {
            metadata.put(SHA256_METADATA, sha256);
        }
        return new ObjectWrite(type.mediaType(), Map.copyOf(metadata), false, null);
    }

    /**
     * An original-named upload is first written create-only, so a new key costs no extra request and a
     * concurrent writer can never be overwritten unseen. When the key exists, and the request allows
     * overwriting: replace exactly the version found (If-Match), and only one the caller uploaded, unless it
     * may manage the bucket. Without overwrite (or when refused), the create-only refusal stands.
     */
    Future<ObjectWrite> replacement(UploadRequest request, String key, ObjectWrite write) {
        Context context = Vertx.currentContext();
        return s3.head(request.bucket(), key).compose(existing -> {
            ObjectWrite replace = write.replacing(existing.etag());
            String uploader = Uploaders.decode(existing.metadata().get(Uploaders.METADATA_KEY));
            if (Objects.equals(uploader, request.caller().id())) {
                return Future.succeededFuture(replace);
            }
            // someone else's: only who may manage the bucket replaces it (the grant may be read on a worker;
            // the answer comes back to this event loop)
            return Future.fromCompletionStage(access.authorize(request.caller(), Action.MANAGE, request.bucket())
                    .subscribeAsCompletionStage(), context)
                    .map(allowed -> replace)
                    .recover(refused -> Future.failedFuture(refused instanceof ApiError
                            ? ApiError.forbidden(UploadMsg.NOT_YOURS, request.bucket(), key)
                            : refused));
        }).recover(e -> e instanceof S3Exception s3e && s3e.code() == S3Exception.Code.NO_SUCH_KEY
                ? Future.succeededFuture(write.createOnly()) // removed meanwhile
                : Future.failedFuture(e));
    }

    /**
     * Keep both: the first name from {@code n} on that holds no object, probed with HEADs ({@code key} itself for
     * n = 0, then {@code name-1.png}, {@code name-2.png}, ...), to be written create-only: a name taken between
     * the probe and the write makes that write fail, and the upload asks again from the next number
     * ({@link S3StreamUpload.Target}), so nothing is ever overwritten. Past {@link #MAX_NUMBERED} numbers a
     * random suffix is used.
     */
    Future<FreeName> freeName(UploadRequest request, String key, ObjectWrite write, int n) {
        if (n > MAX_NUMBERED) {
            String random = numbered(key, Secrets.of(RANDOM_SUFFIX_CHARS, 8));
            return Future.succeededFuture(new FreeName(n, new S3StreamUpload.Target(random, write.createOnly())));
        }
        String candidate = n == 0 ? key : numbered(key, String.valueOf(n));
        try {
            ObjectKeys.check(candidate);
        } catch (ApiError tooLong) {
            return Future.failedFuture(ApiError.conflict(UploadMsg.NO_FREE_NAME, request.bucket(), key));
        }
        return s3.head(request.bucket(), candidate).transform(ar -> {
            if (ar.succeeded()) {
                return freeName(request, key, write, n + 1);
            }
            if (ar.cause() instanceof S3Exception e && e.code() == S3Exception.Code.NO_SUCH_KEY) {
                return Future.succeededFuture(new FreeName(n, new S3StreamUpload.Target(candidate, write.createOnly())));
            }
            return Future.failedFuture(ar.cause());
        });
    }

    /** A name found free, and its number (0: the name itself). */
    record FreeName(int number, S3StreamUpload.Target target) {
    }

    /** {@code folder/red-sunset.png} numbered 1 is {@code folder/red-sunset-1.png}; without extension: {@code name-1}. */
    static String numbered(String key, String suffix) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash) {
            return key + "-" + suffix;
        }
        return key.substring(0, dot) + "-" + suffix + key.substring(dot);
    }

    /**
     * A content-addressed key exists already: answer it only if it holds these very bytes (its recorded
     * SHA-256, else its bytes read through and hashed). A planted object is never answered.
     */
    Future<Stored> sameBytes(UploadRequest request, String key, String sha256, long size, ImageType type) {
        ApiError other = ApiError.conflict(UploadMsg.HASH_MISMATCH, request.bucket(), key);
        return s3.head(request.bucket(), key).compose(existing -> {
            if (existing.size() != size) {
                return Future.failedFuture(other);
            }
            Stored same = new Stored(key, existing.etag(), existing.versionId(), size, type, false, false);
            if (sha256.equals(existing.metadata().get(SHA256_METADATA))) {
                return Future.succeededFuture(same);
            }
            // stored before hashes were recorded, or not by a hash upload: read it through
            return s3.get(request.bucket(), key, Map.of("If-Match", existing.etag()))
                    .compose(object -> {
                        MessageDigest digest = sha256();
                        Promise<String> hashed = Promise.promise();
                        object.exceptionHandler(hashed::tryFail);
                        object.endHandler(v -> hashed.tryComplete(HexFormat.of().formatHex(digest.digest())));
                        object.handler(chunk -> {
                            for (java.nio.ByteBuffer b : chunk.getByteBuf().nioBuffers()) {
                                digest.update(b);
                            }
                        });
                        return hashed.future();
                    })
                    .compose(actual -> actual.equals(sha256) ? Future.succeededFuture(same) : Future.failedFuture(other));
        });
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
