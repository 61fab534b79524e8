package io.imagepic.transform;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.vertx.core.Future;

/**
 * Which version (ETag) of each source this replica serves derivatives of, so that a cached derivative costs
 * one S3 request (its GET), not two (a HEAD of the source first). What is known here is dropped at once when
 * the source changes through any replica ({@link SourceChanges}); the recheck interval is only the safety net
 * for changes made around the service (straight into S3) or an event lost between replicas.
 * <p>
 * A version read while a change arrived is used for that request but not kept: the HEAD may have seen the
 * old object.
 */
@Singleton
public class SourceVersions {

    private final DerivativeStorage storage;
    private final Cache<String, SourceVersion> known;
    /** Bumped by every change: a lookup that started before one does not keep its answer. */
    private final AtomicLong changes = new AtomicLong();

    SourceVersions(DerivativeStorage storage, TransformConfig config) {
        this.storage = storage;
        this.known = Caffeine.newBuilder().maximumSize(config.sourceCacheEntries())
                .expireAfterWrite(config.sourceRecheck()).build();
    }

    /** The source's current version: from memory, else one HEAD. Fails as the HEAD does (404 for a missing source). */
    public Future<SourceVersion> lookup(String bucket, String key) {
        String id = id(bucket, key);
        SourceVersion v = known.getIfPresent(id);
        if (v != null) {
            return Future.succeededFuture(v);
        }
        long seen = changes.get();
        return storage.headSource(bucket, key).map(info -> {
            SourceVersion found = new SourceVersion(info.etag(), info.size(), info.contentType());
            if (changes.get() == seen) {
                known.put(id, found);
            }
            return found;
        });
    }

    /** The object was written or removed. */
    public void changed(String bucket, String key) {
        changes.incrementAndGet();
        known.invalidate(id(bucket, key));
    }

    /** The bucket was removed (or its objects may all have changed). */
    public void bucketChanged(String bucket) {
        changes.incrementAndGet();
        String prefix = bucket + "\n";
        known.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Changes may have been missed: forget everything. */
    public void reset() {
        changes.incrementAndGet();
        known.invalidateAll();
    }

    private static String id(String bucket, String key) {
        return bucket + "\n" + key; // neither may contain a newline
    }
}
