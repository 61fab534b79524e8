package io.imagepic.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.crypto.Secrets;
import io.imagepic.link.ImageLinks;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.object.Uploaders;
import io.imagepic.s3.Etags;
import io.imagepic.s3.ObjectKeys;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.PartMemory;
import io.imagepic.s3.S3DataClient;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3StreamUpload;
import io.imagepic.transform.MetadataStrip;
import io.imagepic.web.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * What an upload decides, on the event loop: whether its bytes are an allowed image, how it may write its
 * key (create it, or replace exactly the version the caller may replace), whether a content-addressed key
 * already holds the same bytes, and the link it answers.
 */
@ApplicationScoped
public class UploadService {

    /** Hex digits of the SHA-256 used in content-addressed keys (128 bits). */
    static final int HASH_KEY_HEX = 32;
    /** User metadata of a hash-named object: the SHA-256 of its bytes, as the service computed it. */
    static final String SHA256_METADATA = "sha256";
    /** Numbered names tried when keeping both ({@code -1} ... {@code -99}) before a random suffix. */
    static final int MAX_NUMBERED = 99;
    private static final String RANDOM_SUFFIX_CHARS = "abcdefghijkmnpqrstuvwxyz23456789";

    private final UploadConfig config;
    private final S3DataClient s3;
    /** HEADs (and deletes) go through the port; the streaming writes and the verifying read through the client. */
    private final ObjectStore store;
    private final PartMemory memory;
    private final Access access;
    private final ImageLinks links;
    private final Notifications notifications;
    /** Sets the expiry of the signed link an upload answers with. */
    private final Clock clock;
    private final Spool spool;
    private final Vertx vertx;
    private final int partSize;
    private final MetadataStrip strip;

    UploadService(UploadConfig config, S3DataClient s3, ObjectStore store, PartMemory memory, Access access, ImageLinks links,
            Notifications notifications, Spool spool, Vertx vertx, Clock clock, MetadataStrip strip) {
        this.config = config;
        this.strip = strip;
        this.clock = clock;
        this.s3 = s3;
        this.store = store;
        this.memory = memory;
        this.access = access;
        this.links = links;
        this.notifications = notifications;
        this.spool = spool;
        this.vertx = vertx;
        this.partSize = (int) config.partSize().asLongValue();
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("imagepic.upload.part-size must be at least 5M (the S3 minimum)");
        }
    }

    /**
     * Memory for a file of at most {@code upTo} bytes (-1: unknown), enough for one whole part of it; null when
     * the budget cannot cover it now.
     */
    PartMemory.Grant admit(long upTo) {
        return memory.tryGrant(upTo < 0 ? partSize : Math.min(upTo, partSize));
    }

    /**
     * An original-named upload is first written create-only, so a new key costs no extra request and a
     * concurrent writer can never be overwritten unseen. When the key exists, and the request allows
     * overwriting: replace exactly the version found (If-Match), and only one the caller uploaded, unless it
     * may manage the bucket. Without overwrite (or when refused), the create-only refusal stands.
     */
    Future<ObjectWrite> replacement(UploadRequest request, String key, ObjectWrite write) {
        Context context = Vertx.currentContext();
        return store.head(request.bucket(), key).compose(existing -> {
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
        return store.head(request.bucket(), candidate).transform(ar -> {
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
     * A content-addressed key exists already: answer it only if it holds these very bytes (its recorded
     * SHA-256, else its bytes read through and hashed). A planted object is never answered.
     */
    Future<Stored> sameBytes(UploadRequest request, String key, String sha256, long size, ImageType type) {
        ApiError other = ApiError.conflict(UploadMsg.HASH_MISMATCH, request.bucket(), key);
        return store.head(request.bucket(), key).compose(existing -> {
            if (existing.size() != size) {
                return Future.failedFuture(other);
            }
            Stored same = new Stored(key, existing.etag(), existing.versionId(), size, type, false);
            if (sha256.equals(existing.metadata().get(SHA256_METADATA))) {
                return Future.succeededFuture(same);
            }
            // stored before hashes were recorded, or not by a hash upload: read it through
            return s3.getObject(request.bucket(), key, Map.of("If-Match", existing.etag()))
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

    /**
     * The answer for a stored file, once a write (not an identical object found) is announced: its webhook deliveries
     * are queued before it is answered.
     */
    Future<UploadedObject> answer(UploadRequest request, Stored stored) {
        if (!stored.written()) {
            return Future.succeededFuture(link(request, stored));
        }
        Promise<UploadedObject> answered = Promise.promise();
        notifications.publish(StorageEvent.objectCreated(request.bucket(), stored.key(), stored.size(),
                Etags.unquote(stored.etag()), stored.type().mediaType(), request.caller()))
                .subscribe().with(v -> answered.complete(link(request, stored)), answered::fail);
        return answered.future();
    }

    private UploadedObject link(UploadRequest request, Stored stored) {
        String url;
        String urlType;
        Instant expires = null;
        if (access.allows(Caller.ANONYMOUS, Action.SERVE, request.bucket())) {
            url = links.permanentUrl(request.bucket(), stored.key(), request.origin());
            urlType = UploadedObject.PERMANENT;
        } else {
            expires = clock.instant().plus(config.linkLifetime());
            url = links.signedUrl(request.bucket(), stored.key(), expires, request.origin()).url();
            urlType = UploadedObject.SIGNED;
        }
        return new UploadedObject(Etags.unquote(stored.etag()), stored.versionId(), request.bucket(), stored.key(),
                stored.size(), stored.type().mediaType(), url, urlType, expires);
    }

    /** The bytes decide the type; a name or a declared type that says otherwise is refused. */
    ImageType checkType(UploadRequest request, byte[] head, int length) {
        ImageType type = ImageType.sniff(head, length).orElseThrow(() -> new ApiError(ApiError.Kind.UNSUPPORTED_TYPE,
                UploadMsg.NOT_IMAGE, "PNG, JPEG, GIF, WebP, AVIF, BMP, ICO" + (config.allowSvg() ? ", SVG" : ""),
                request.filename()));
        if (type == ImageType.SVG && !config.allowSvg()) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.SVG_DISABLED, request.filename());
        }
        if (!type.matchesName(request.filename())) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.NAME_MISMATCH, type.mediaType(), request.filename());
        }
        if (!type.matchesDeclared(request.declaredType())) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.TYPE_MISMATCH, type.mediaType(),
                    request.declaredType(), request.filename());
        }
        return type;
    }

    PartMemory memory() {
        return memory;
    }

    S3DataClient s3() {
        return s3;
    }

    Spool spool() {
        return spool;
    }

    Vertx vertx() {
        return vertx;
    }

    int partSize() {
        return partSize;
    }

    MetadataStrip strip() {
        return strip;
    }

    UploadConfig config() {
        return config;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
