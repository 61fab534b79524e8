package io.imagepic.s3;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.s3.S3DataClient.PutResult;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.DeleteBucketPolicyArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.Result;
import io.minio.SetBucketPolicyArgs;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * {@link ObjectStore} on the S3 server: objects through the data client, the rest through the MinIO SDK, whose
 * exceptions never leave this class (they become {@link S3Exception}s naming the bucket and key).
 */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {

    private final S3DataClient data;
    private final MinioClient minio;
    private final MinioClient presigner;

    S3ObjectStore(S3DataClient data, MinioClient minio, @Presigner MinioClient presigner) {
        this.data = data;
        this.minio = minio;
        this.presigner = presigner;
    }

    // ---------------------------------------------------------------- objects

    @Override
    public Future<ObjectInfo> head(String bucket, String key) {
        return data.headObject(bucket, key);
    }

    @Override
    public Future<Optional<ObjectInfo>> find(String bucket, String key) {
        return data.headObject(bucket, key).map(Optional::of).recover(e -> e instanceof S3Exception s
                && s.code() == S3Exception.Code.NO_SUCH_KEY ? Future.succeededFuture(Optional.empty())
                        : Future.failedFuture(e));
    }

    @Override
    public Future<S3Object> get(String bucket, String key, Map<String, String> readHeaders) {
        return data.getObject(bucket, key, readHeaders);
    }

    @Override
    public Future<PutResult> put(String bucket, String key, ObjectWrite write, Buffer body) {
        return data.putObject(bucket, key, write, body);
    }

    @Override
    public Future<PutResult> put(String bucket, String key, ObjectWrite write, Buffer body, int crc32c) {
        return data.putObject(bucket, key, write, body, crc32c);
    }

    @Override
    public Future<PutResult> put(String bucket, String key, ObjectWrite write, ReadStream<Buffer> body, long length,
            int crc32c) {
        return data.putObject(bucket, key, write, body, length, crc32c);
    }

    @Override
    public S3StreamUpload upload(String bucket, String key, Future<ObjectWrite> write,
            Function<S3Exception, Future<ObjectWrite>> onConflict, PartMemory.Grant memory, int partSize) {
        return new S3StreamUpload(data, bucket, key, write, onConflict, memory, partSize);
    }

    @Override
    public S3StreamUpload upload(String bucket, Future<S3StreamUpload.Target> target,
            Function<S3Exception, Future<S3StreamUpload.Target>> onConflict, PartMemory.Grant memory, int partSize) {
        return new S3StreamUpload(data, bucket, target, onConflict, memory, partSize);
    }

    @Override
    public Future<Void> delete(String bucket, String key) {
        return data.deleteObject(bucket, key);
    }

    @Override
    public Future<Void> deleteIfMatch(String bucket, String key, String etag) {
        return data.deleteObject(bucket, key, etag);
    }

    // ---------------------------------------------------------------- listings, buckets, signing

    @Override
    public List<BucketEntry> listBuckets() {
        return sdk("listBuckets", null, null, () -> minio.listBuckets().stream()
                .map(b -> new BucketEntry(b.name(), b.creationDate() == null ? null : b.creationDate().toInstant()))
                .toList());
    }

    @Override
    public boolean bucketExists(String bucket) {
        return sdk("bucketExists", bucket, null, () -> minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Override
    public void makeBucket(String bucket) {
        sdk("makeBucket", bucket, null, () -> {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return null;
        });
    }

    @Override
    public void removeBucket(String bucket) {
        sdk("removeBucket", bucket, null, () -> {
            minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
            return null;
        });
    }

    @Override
    public boolean isEmpty(String bucket) {
        return sdk("listObjects", bucket, null, () -> {
            Iterator<Result<Item>> first = minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                    .maxKeys(1).build()).iterator();
            if (!first.hasNext()) {
                return true;
            }
            first.next().get(); // surfaces listing errors
            return false;
        });
    }

    @Override
    public void list(String bucket, String prefix, boolean recursive, Consumer<ListedObject> each) {
        sdk("listObjects", bucket, null, () -> {
            // some S3 servers list a missing bucket as an empty one
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                throw S3Exception.noSuchBucket(bucket);
            }
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket(bucket)
                    .prefix(prefix == null ? "" : prefix).recursive(recursive).build())) {
                Item i = result.get();
                each.accept(i.isDir() ? new ListedObject(i.objectName(), true, 0, null, null)
                        : new ListedObject(i.objectName(), false, i.size(), Etags.unquote(i.etag()), i.lastModified()));
            }
            return null;
        });
    }

    @Override
    public String presignGet(String bucket, String key, Duration expiry) {
        return sdk("presignedGetObject", bucket, key, () -> presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs
                .builder().method(Method.GET).bucket(bucket).object(key).expiry((int) expiry.toSeconds()).build()));
    }

    @Override
    public void setBucketPolicy(String bucket, String policy) {
        sdk("setBucketPolicy", bucket, null, () -> {
            minio.setBucketPolicy(SetBucketPolicyArgs.builder().bucket(bucket).config(policy).build());
            return null;
        });
    }

    @Override
    public void deleteBucketPolicy(String bucket) {
        sdk("deleteBucketPolicy", bucket, null, () -> {
            minio.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket(bucket).build());
            return null;
        });
    }

    @Override
    public void touch(String bucket, String key, String contentType) {
        sdk("copyObject", bucket, key, () -> {
            minio.copyObject(CopyObjectArgs.builder().bucket(bucket).object(key)
                    .source(CopySource.builder().bucket(bucket).object(key).build())
                    // REPLACE drops the stored metadata: the type is given again
                    .headers(Map.of("Content-Type", contentType == null ? "application/octet-stream" : contentType))
                    .metadataDirective(io.minio.Directive.REPLACE).build());
            return null;
        });
    }

    /** One SDK call, its exceptions as the S3Exception they mean (ours pass through). */
    private static <T> T sdk(String what, String bucket, String key, Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw S3Calls.translate(what, bucket, key, e);
        }
    }
}
