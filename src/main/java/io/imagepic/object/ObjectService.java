package io.imagepic.object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

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
        return list(bucket, prefix, pageSize, pageNum, recursive, Order.SEED);
    }

    /**
     * How the console browses a folder. {@code foldersFirst}: the folders come before the objects, all on the
     * first page (at most {@link ListingConfig#maxAll()}), and pages count objects only. {@code newest}: objects by
     * last change, newest first (folders first), sorted over the whole listing but reachable only up to
     * {@link ListingConfig#maxAll()} deep (past it an empty page says truncated). {@code contains}: only entries
     * whose name after the prefix contains it, ignoring case.
     */
    public record Order(boolean foldersFirst, boolean newest, String contains) {
        public static final Order SEED = new Order(false, false, null);

        boolean seed() {
            return !foldersFirst && !newest && (contains == null || contains.isEmpty());
        }
    }

    /** Newest first, then by name. */
    static final Comparator<ObjectEntry> NEWEST = Comparator
            .comparing(ObjectEntry::lastModified, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ObjectEntry::name);

    public Uni<ObjectPage> list(String bucket, String prefix, int pageSize, int pageNum, boolean recursive, Order order) {
        if (!order.seed()) {
            return browse(bucket, prefix == null ? "" : prefix, pageSize, pageNum, recursive, order);
        }
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

    private Uni<ObjectPage> browse(String bucket, String prefix, int pageSize, int pageNum, boolean recursive,
            Order order) {
        boolean foldersFirst = order.foldersFirst() || order.newest();
        long from = pageNum == -1 ? 0 : (long) (pageNum - 1) * pageSize;
        long until = pageNum == -1 ? listing.maxAll() : from + pageSize;
        long sortBound = Math.min(until, listing.maxAll());
        String needle = order.contains() == null ? null : order.contains().toLowerCase(Locale.ROOT);
        return s3.call("listObjects", listing.timeout(), () -> {
            requireBucket(bucket);
            List<ObjectEntry> folders = new ArrayList<>();
            List<ObjectEntry> window = new ArrayList<>();
            // newest: the sortBound newest so far, the oldest of them on top (memory bounded by the bound)
            PriorityQueue<ObjectEntry> newest = new PriorityQueue<>(NEWEST.reversed());
            long folderCount = 0;
            long objects = 0;
            for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive).build())) {
                ObjectEntry e = ObjectEntry.of(result.get());
                if (needle != null && !e.shownName(prefix).toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                if (e.prefix() != null && foldersFirst) {
                    if (folderCount < listing.maxAll()) {
                        folders.add(e);
                    }
                    folderCount++;
                } else if (order.newest()) {
                    newest.add(e);
                    if (newest.size() > sortBound) {
                        newest.poll();
                    }
                    objects++;
                } else {
                    if (objects >= from && objects < until) {
                        window.add(e);
                    }
                    objects++;
                }
            }
            if (order.newest()) {
                List<ObjectEntry> sorted = new ArrayList<>(newest);
                sorted.sort(NEWEST);
                window = sorted.subList((int) Math.min(from, sorted.size()), (int) Math.min(until, sorted.size()));
            }
            boolean truncated = pageNum == -1 ? objects > until || folderCount > listing.maxAll()
                    : order.newest() && until > sortBound && objects > sortBound;
            List<ObjectEntry> page = new ArrayList<>(window.size() + folders.size());
            if (pageNum == 1 || pageNum == -1 || !foldersFirst) {
                page.addAll(folders);
            }
            page.addAll(window);
            return new ObjectPage(objects + folderCount, page, truncated ? Boolean.TRUE : null,
                    foldersFirst ? folderCount : null);
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
