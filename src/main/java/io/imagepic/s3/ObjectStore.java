package io.imagepic.s3;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.s3.S3DataClient.PutResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The object store, as everything above {@code s3} sees it: one interface, the project's own types, every failure an
 * {@link S3Exception} with a {@link S3Exception.Code}.
 *
 * <p>
 * Two kinds of call. Objects (head, get, put, streaming uploads, delete) go through the non-blocking data client
 * ({@link S3DataClient}: Vert.x HTTP, our SigV4) and answer a {@link Future} on the caller's event loop; a worker
 * thread that needs one waits with {@link S3Calls#await}. Listings, buckets, policies and signed links go through the
 * MinIO SDK (typed arguments, the paged listing protocol), which blocks: those methods are for worker threads, inside
 * {@link S3Calls#call} (which also bounds them by {@code imagepic.storage.timeout}). Why the SDK stays behind the
 * port for these: docs/design.md, "The S3 port".
 */
public interface ObjectStore {

    // ---------------------------------------------------------------- objects (non-blocking)

    /** The object's metadata (one HEAD); fails with {@code NO_SUCH_KEY} when there is none. */
    Future<ObjectInfo> head(String bucket, String key);

    /** As {@link #head}, empty when there is no such key (a missing bucket looks the same to a HEAD). */
    Future<Optional<ObjectInfo>> find(String bucket, String key);

    /**
     * Starts reading an object: its status (200, 206, 304) and headers now, the body as a stream to pipe.
     *
     * @param readHeaders Range and conditional headers, sent as given
     */
    Future<S3Object> get(String bucket, String key, Map<String, String> readHeaders);

    /** Stores a body held in memory, under the write's type, metadata and conditions. */
    Future<PutResult> put(String bucket, String key, ObjectWrite write, Buffer body);

    /** As {@link #put(String, String, ObjectWrite, Buffer)}, with the body's CRC32C computed while it was read. */
    Future<PutResult> put(String bucket, String key, ObjectWrite write, Buffer body, int crc32c);

    /**
     * Stores a body that arrives as a stream of known length and CRC32C (a spooled file), with back-pressure: the
     * source is paused while the connection to S3 cannot take more.
     */
    Future<PutResult> put(String bucket, String key, ObjectWrite write, ReadStream<Buffer> body, long length, int crc32c);

    /**
     * A streaming upload of a body of unknown length: one PUT when it ends within the first part, else a
     * multipart upload with at most two parts in flight (see {@link S3StreamUpload} for the arguments).
     */
    S3StreamUpload upload(String bucket, String key, Future<ObjectWrite> write,
            Function<S3Exception, Future<ObjectWrite>> onConflict, PartMemory.Grant memory, int partSize);

    /** As above, with the key decided along with the write, and a conflict handler that may name another key. */
    S3StreamUpload upload(String bucket, Future<S3StreamUpload.Target> target,
            Function<S3Exception, Future<S3StreamUpload.Target>> onConflict, PartMemory.Grant memory, int partSize);

    /** Deletes the object; a missing key is a success, as an S3 delete. */
    Future<Void> delete(String bucket, String key);

    /**
     * Deletes the object only while its ETag is {@code etag}: {@code PRECONDITION_FAILED} when it changed since,
     * {@code NOT_IMPLEMENTED} from a server without conditional deletes.
     */
    Future<Void> deleteIfMatch(String bucket, String key, String etag);

    // ---------------------------------------------------------------- listings, buckets, signing (blocking)

    /** Every bucket, with its creation time when the server tells it. */
    List<BucketEntry> listBuckets();

    boolean bucketExists(String bucket);

    /** Makes the bucket; {@code BUCKET_EXISTS} when there is one of that name. */
    void makeBucket(String bucket);

    /** Removes an empty bucket ({@code BUCKET_NOT_EMPTY} otherwise, where the server says so). */
    void removeBucket(String bucket);

    /** No object in the bucket. */
    boolean isEmpty(String bucket);

    /**
     * Walks the listing under {@code prefix} in key order, a page of the server's at a time, handing each entry to
     * {@code each} (memory stays bounded whatever the number of objects); {@code NO_SUCH_BUCKET} when the bucket is
     * missing. Not recursive: objects at this level and one folder entry per common prefix, after the page's objects.
     */
    void list(String bucket, String prefix, boolean recursive, Consumer<ListedObject> each);

    /** A GET link for the endpoint browsers reach ({@code imagepic.storage.public-endpoint}), signed locally. */
    String presignGet(String bucket, String key, Duration expiry);

    /** Sets the bucket's S3 policy document (JSON). */
    void setBucketPolicy(String bucket, String policy);

    /** Removes the bucket's S3 policy. */
    void deleteBucketPolicy(String bucket);

    /**
     * Marks the object modified now (its Last-Modified): a copy onto itself, content kept. The copy replaces the stored
     * metadata (S3 refuses a copy onto itself that changes nothing), so the type is given again.
     */
    void touch(String bucket, String key, String contentType);
}
