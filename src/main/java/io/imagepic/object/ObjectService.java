package io.imagepic.object;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.s3.Etags;
import io.imagepic.s3.ObjectInfo;
import io.imagepic.s3.ObjectStore;
import io.imagepic.s3.S3Calls;
import io.smallrye.mutiny.Uni;

/** Read side of the object API: listing, metadata, size, presigned links. */
@ApplicationScoped
public class ObjectService {

    public static final int MAX_PRESIGN_EXPIRY_SECONDS = 7 * 24 * 3600;

    private final ObjectStore store;
    private final S3Calls s3;
    private final ListingConfig listing;

    ObjectService(ObjectStore store, S3Calls s3, ListingConfig listing) {
        this.store = store;
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
            List<ObjectEntry> page = new ArrayList<>((int) Math.min(until - from, 1024));
            long[] total = { 0 };
            store.list(bucket, prefix, recursive, listed -> {
                if (total[0] >= from && total[0] < until) {
                    page.add(ObjectEntry.of(listed));
                }
                total[0]++;
            });
            return ObjectPage.of(total[0], page, pageNum == -1 && total[0] > until);
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
            List<ObjectEntry> folders = new ArrayList<>();
            List<ObjectEntry> window = new ArrayList<>();
            // newest: the sortBound newest so far, the oldest of them on top (memory bounded by the bound)
            PriorityQueue<ObjectEntry> newest = new PriorityQueue<>(NEWEST.reversed());
            long[] folderCount = { 0 };
            long[] objects = { 0 };
            store.list(bucket, prefix, recursive, listed -> {
                ObjectEntry e = ObjectEntry.of(listed);
                if (needle != null && !e.shownName(prefix).toLowerCase(Locale.ROOT).contains(needle)) {
                    return;
                }
                if (e.prefix() != null && foldersFirst) {
                    if (folderCount[0] < listing.maxAll()) {
                        folders.add(e);
                    }
                    folderCount[0]++;
                } else if (order.newest()) {
                    newest.add(e);
                    if (newest.size() > sortBound) {
                        newest.poll();
                    }
                    objects[0]++;
                } else {
                    if (objects[0] >= from && objects[0] < until) {
                        window.add(e);
                    }
                    objects[0]++;
                }
            });
            return page(pageNum, foldersFirst, order, from, until, sortBound, folders, window, newest, folderCount[0],
                    objects[0]);
        });
    }

    private ObjectPage page(int pageNum, boolean foldersFirst, Order order, long from, long until, long sortBound,
            List<ObjectEntry> folders, List<ObjectEntry> window, PriorityQueue<ObjectEntry> newest, long folderCount,
            long objects) {
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
    }

    public Uni<ObjectStat> stat(String bucket, String object) {
        return head(bucket, object).map(info -> {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("content-type", info.contentType());
            meta.putAll(info.metadata());
            return new ObjectStat(info.size(), meta, lastModified(info), info.versionId(), Etags.unquote(info.etag()));
        });
    }

    /**
     * The seed's getObject answers the object's size in bytes. The seed read the object through to count
     * them; one HEAD tells the same, whatever the size.
     */
    public Uni<Long> size(String bucket, String object) {
        return head(bucket, object).map(ObjectInfo::size);
    }

    public Uni<String> presignedGet(String bucket, String object, int expirySeconds) {
        return stat(bucket, object).chain(found -> s3.call("presignedGetObject",
                () -> store.presignGet(bucket, object, Duration.ofSeconds(expirySeconds))));
    }

    private Uni<ObjectInfo> head(String bucket, String object) {
        return Uni.createFrom().completionStage(() -> store.head(bucket, object).toCompletionStage());
    }

    /** The HTTP date of the answer (RFC 1123), as the seed's JSON shows dates. */
    private static ZonedDateTime lastModified(ObjectInfo info) {
        return info.lastModified() == null ? null
                : ZonedDateTime.parse(info.lastModified(), DateTimeFormatter.RFC_1123_DATE_TIME);
    }
}
