package io.imagepic.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.s3.Etags;
import io.imagepic.s3.Presigner;
import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3Exception;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.smallrye.mutiny.Uni;

/** Read side of the object API: listing, metadata, size, presigned links. */
@ApplicationScoped
public class ObjectService {

    public static final int MAX_PRESIGN_EXPIRY_SECONDS = 7 * 24 * 3600;

    private final MinioClient minio;
    private final MinioClient presigner;
    private final S3Calls s3;
    private final ListingConfig listing;

    ObjectService(MinioClient minio, @Presigner MinioClient presigner, S3Calls s3,
            ListingConfig listing) {
        this.minio = minio;
        this.presigner = presigner;
        this.s3 = s3;
        this.listing = listing;
    }

    /**
     * Walks the listing (the SDK fetches it 1,000 keys at a time) and keeps only the requested page,
     * so memory stays bounded by the page size whatever the number of objects. pageNum -1 means all,
     * up to {@link ListingConfig#maxAll()}.
     */
    public Uni<ObjectPage> list(String bucket, String prefix, int pageSize, int pageNum, boolean recursive) {
        long from = pageNum == -1 ? 0 : (long) (pageNum - 1) * pageSize;
        long until = pageNum == -1 ? listing.maxAll() : from + pageSize;
        return s3.call("listObjects", listing.timeout(), () -> {
            requireBucket(bucket);
            List<ObjectEntry> page = new ArrayList<>((int) Math.min(until - from, 1024));
            long total = 0;
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket(bucket)
                    .prefix(prefix == null ? "" : prefix).recursive(recursive).build())) {
                Item item = result.get();
                if (total >= from && total < until) {
                    page.add(ObjectEntry.of(item));
                }
                total++;
            }
            return ObjectPage.of(total, page, pageNum == -1 && total > until);
        });
    }

    public Uni<ObjectStat> stat(String bucket, String object) {
        return s3.call("statObject", bucket, object, () -> {
            StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("content-type", stat.contentType());
            meta.putAll(stat.userMetadata());
            return new ObjectStat(stat.size(), meta, stat.lastModified(), stat.versionId(), Etags.unquote(stat.etag()));
        });
    }

    /**
     * The seed's getObject answers the object's size in bytes. The seed read the object through to count
     * them; one stat tells the same at the cost of a HEAD, whatever the size.
     */
    public Uni<Long> size(String bucket, String object) {
        return s3.call("getObject", bucket, object,
                () -> minio.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build()).size());
    }

    public Uni<String> presignedGet(String bucket, String object, int expirySeconds) {
        return stat(bucket, object).chain(found -> s3.call("presignedGetObject", () -> presigner.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder().method(Method.GET).bucket(bucket).object(object)
                        .expiry(expirySeconds).build())));
    }

    private void requireBucket(String bucket) throws Exception {
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            throw S3Exception.noSuchBucket(bucket);
        }
    }
}
