package io.imagepic.upload;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;

import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.object.Uploaders;
import io.imagepic.s3.ObjectKeys;
import io.imagepic.serving.ImageLinks;
import io.imagepic.web.ApiError;
import io.minio.StatObjectResponse;

/**
 * Stores one uploaded file: checks its bytes are an allowed image, names it, and streams it into S3.
 * Blocking (it reads the client's stream): runs on a worker thread.
 */
@ApplicationScoped
public class UploadService {

    /** Hex digits of the SHA-256 used in content-addressed keys (128 bits). */
    static final int HASH_KEY_HEX = 32;

    private final UploadConfig config;
    private final S3StreamWriter writer;
    private final Spool spool;
    private final ImageLinks links;
    private final Semaphore slots;
    private final Notifications notifications;

    UploadService(UploadConfig config, S3StreamWriter writer, Spool spool, ImageLinks links, Notifications notifications) {
        this.notifications = notifications;
        this.config = config;
        this.writer = writer;
        this.spool = spool;
        this.links = links;
        this.slots = new Semaphore(config.maxConcurrent(), true);
    }

    public UploadedObject store(UploadRequest request, InputStream in) throws Exception {
        // Bounds the memory of all uploads together; waiting ones keep their clients paused.
        if (!slots.tryAcquire(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ApiError(ApiError.Kind.UNAVAILABLE, UploadMsg.BUSY);
        }
        try {
            return request.naming() == UploadConfig.Naming.HASH ? storeHashed(request, in) : storeOriginal(request, in);
        } finally {
            slots.release();
        }
    }

    private UploadedObject storeOriginal(UploadRequest request, InputStream in) throws Exception {
        String key = ObjectKeys.key(request.folder(), request.filename());
        PartBuffer head = PartBuffer.forSize(request.sizeHint(), writer.partSize()).fill(in, ImageType.SNIFF_BYTES);
        ImageType type = checkType(request, head);
        if (!request.overwrite() && writer.stat(request.bucket(), key).isPresent()) {
            throw ApiError.conflict(UploadMsg.EXISTS, request.bucket(), key);
        }
        S3StreamWriter.Written w = writer.write(request.bucket(), key, headers(type, request), head, in);
        return stored(request, key, w, type);
    }

    /** Content-addressed: the key needs the hash of the whole file, so the file is spooled first. */
    private UploadedObject storeHashed(UploadRequest request, InputStream in) throws Exception {
        PartBuffer head = PartBuffer.small().fill(in, ImageType.SNIFF_BYTES);
        ImageType type = checkType(request, head);
        Path file = spool.newFile();
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = Files.newOutputStream(file)) {
                sha256.update(head.data, 0, head.length);
                out.write(head.data, 0, head.length);
                byte[] buf = head.data; // reused: its bytes are on disk now
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sha256.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String name = HexFormat.of().formatHex(sha256.digest()).substring(0, HASH_KEY_HEX) + "." + type.extension();
            String key = ObjectKeys.key(request.folder(), name);
            Optional<StatObjectResponse> existing = writer.stat(request.bucket(), key);
            if (existing.isPresent()) {
                StatObjectResponse s = existing.get();
                return result(request, key, s.etag(), s.versionId(), s.size(), type);
            }
            try (InputStream spooled = Files.newInputStream(file)) {
                S3StreamWriter.Written w = writer.write(request.bucket(), key, headers(type, request), PartBuffer.small(),
                        spooled);
                return stored(request, key, w, type);
            }
        } finally {
            Spool.delete(file);
        }
    }

    /** The bytes decide the type; a name or a declared type that says otherwise is refused. */
    ImageType checkType(UploadRequest request, PartBuffer head) {
        ImageType type = ImageType.sniff(head.data, head.length).orElseThrow(() -> new ApiError(ApiError.Kind.UNSUPPORTED_TYPE,
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

    private static Multimap<String, String> headers(ImageType type, UploadRequest request) {
        Multimap<String, String> h = HashMultimap.create();
        h.put("Content-Type", type.mediaType());
        if (!request.caller().isAnonymous()) {
            h.put("x-amz-meta-" + Uploaders.METADATA_KEY, Uploaders.encode(request.caller().id()));
        }
        return h;
    }

    /** A write happened (a content-addressed duplicate writes nothing and announces nothing). */
    private UploadedObject stored(UploadRequest request, String key, S3StreamWriter.Written w, ImageType type) {
        UploadedObject o = result(request, key, w.etag(), w.versionId(), w.size(), type);
        notifications.publish(StorageEvent.objectCreated(o.bucket(), o.key(), o.size(), o.etag(), o.contentType(),
                request.caller()));
        return o;
    }

    private UploadedObject result(UploadRequest request, String key, String etag, String versionId, long size,
            ImageType type) {
        return new UploadedObject(unquote(etag), versionId, request.bucket(), key, size, type.mediaType(),
                links.permanentUrl(request.bucket(), key, request.origin()));
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() > 1 && etag.startsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
