package io.imagepic.transform;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.imagepic.access.ReservedBuckets;
import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The derivative cache: where the derivative of (source, version, transform) lives ({@link #locate}), and its
 * making when it is missing ({@link #compute}): once per replica however many requests wait for it (single
 * flight), admitted to the pool before the source is read, stored in S3 before anyone is answered, so that
 * the first request and every later one get the same bytes, ETag and headers. The cache bucket is reserved
 * (no API call reaches it); its size is kept under {@code cache.max-size} by deleting the derivatives least
 * recently used.
 */
@Singleton
public class Derivatives implements ReservedBuckets {

    private static final Logger LOG = Logger.getLogger(Derivatives.class);

    /** Where a request's derivative is, or would be. */
    public record Located(String bucket, String key, SourceVersion source, Transform transform, String derivedKey) {
    }

    private final DerivativeStorage storage;
    private final SourceVersions versions;
    private final TransformPool pool;
    private final VipsEngine engine;
    private final TransformConfig config;
    private final Clock clock;
    private final Map<String, Future<Void>> inflight = new ConcurrentHashMap<>();
    /**
     * When each derivative served lately is due for its refresh (epoch seconds): a hit parses no date until then
     * (the parse per cached-variant GET was what set it apart from a plain one). Bounded; a forgotten entry costs one
     * parse.
     */
    private final Cache<String, Long> dueAt;
    private final Counter computed;
    private final Counter evicted;

    Derivatives(DerivativeStorage storage, SourceVersions versions, TransformPool pool, VipsEngine engine,
            TransformConfig config, Clock clock, MeterRegistry registry) {
        this.storage = storage;
        this.versions = versions;
        this.pool = pool;
        this.engine = engine;
        this.config = config;
        this.clock = clock;
        this.dueAt = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(1, TimeUnit.HOURS).build();
        this.computed = registry.counter("imagepic.transform.computed");
        this.evicted = registry.counter("imagepic.transform.cache.evicted");
    }

    @Override
    public boolean isReserved(String bucket) {
        return storage.bucket().equals(bucket);
    }

    public String cacheBucket() {
        return storage.bucket();
    }

    /** The source's version (from memory, else one HEAD) and the derivative's key. Fails 404 for a missing source. */
    public Future<Located> locate(String bucket, String key, Transform t) {
        return versions.lookup(bucket, key).map(v -> new Located(bucket, key, v, t,
                storage.derivedKey(bucket, key, v.etag(), t)));
    }

    /**
     * Makes and stores the derivative; completes once it is in the cache. Concurrent calls for one derivative
     * share one computation. Call on the event loop.
     */
    public Future<Void> compute(Located l) {
        Promise<Void> mine = Promise.promise();
        Future<Void> running = inflight.putIfAbsent(l.derivedKey(), mine.future());
        if (running != null) {
            return running;
        }
        Future<Void> work;
        try {
            work = start(l);
        } catch (RuntimeException e) {
            work = Future.failedFuture(e);
        }
        work.onComplete(ar -> {
            inflight.remove(l.derivedKey(), mine.future());
            mine.handle(ar);
        });
        return mine.future();
    }

    private Future<Void> start(Located l) {
        long max = config.maxSourceSize().asLongValue();
        if (l.source().size() > max) {
            return Future.failedFuture(new ApiError(ApiError.Kind.TOO_LARGE, TransformMsg.SOURCE_TOO_LARGE, max));
        }
        TransformPool.Ticket ticket = pool.admit(Math.max(0, l.source().size()));
        return storage.readSource(l.bucket(), l.key(), l.source().etag(), max)
                .onFailure(e -> versions.changed(l.bucket(), l.key())) // perhaps it changed: look again next time
                .compose(memory -> pool.run(() -> {
                    try (memory) {
                        return engine.transform(memory, memory.size(), l.transform());
                    }
                }))
                .compose(r -> storage.put(l.derivedKey(), r.bytes(), r.format().mediaType()))
                .onSuccess(r -> computed.increment())
                .<Void> mapEmpty()
                .onComplete(ar -> ticket.close());
    }

    /**
     * A derivative was served: when its Last-Modified is older than {@code touch-after}, it is refreshed (one copy
     * onto itself, in the background), so the size limit deletes the derivatives least recently used first.
     */
    public void served(String derivedKey, String lastModified, String contentType) {
        if (lastModified == null) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        long touchAfter = config.cache().touchAfter().toSeconds();
        Long due = dueAt.getIfPresent(derivedKey);
        if (due != null && now < due) {
            return;
        }
        if (due == null) { // not seen lately: its date says when it is due
            try {
                long modified = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
                if (now < modified + touchAfter) {
                    dueAt.put(derivedKey, modified + touchAfter);
                    return;
                }
            } catch (DateTimeParseException e) {
                return;
            }
        }
        dueAt.put(derivedKey, now + touchAfter); // refreshed now
        storage.touch(derivedKey, contentType).subscribe().with(v -> {
        }, e -> LOG.debugf("could not refresh derivative %s: %s", derivedKey, e.toString()));
    }

    /** Deletes the derivatives of one source (it changed): best effort, in the background. */
    void deleteDerivatives(String bucket, String key) {
        storage.deletePrefix(storage.sourcePrefix(bucket, key)).subscribe().with(
                n -> LOG.debugf("deleted %d derivatives of %s/%s", n, bucket, key),
                e -> LOG.debugf("could not delete derivatives of %s/%s: %s", bucket, key, e.toString()));
    }

    void deleteBucketDerivatives(String bucket) {
        storage.deletePrefix(storage.bucketPrefix(bucket)).subscribe().with(
                n -> LOG.debugf("deleted %d derivatives of bucket %s", n, bucket),
                e -> LOG.debugf("could not delete derivatives of bucket %s: %s", bucket, e.toString()));
    }

    /**
     * Keeps the cache under its size: lists it, and deletes the least recently used derivatives (oldest
     * Last-Modified: written, or refreshed when served) down to 90 % of {@code max-size}.
     */
    @Scheduled(every = "${imagepic.transform.cache.sweep-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long max = config.cache().maxSize().asLongValue();
        if (!config.enabled() || max <= 0) {
            return;
        }
        try {
            evict(storage.list(), max);
        } catch (Exception e) {
            LOG.warnf("could not check the derivative cache's size: %s", e.toString());
        }
    }

    /** Deletes derivatives, least recently used first, until the rest take at most 90 % of {@code max}. */
    int evict(List<DerivativeStorage.Entry> entries, long max) throws Exception {
        long total = entries.stream().mapToLong(DerivativeStorage.Entry::size).sum();
        if (total <= max) {
            return 0;
        }
        List<DerivativeStorage.Entry> oldestFirst = new ArrayList<>(entries);
        oldestFirst.sort(Comparator.comparing(DerivativeStorage.Entry::lastModified));
        long target = max / 10 * 9;
        int n = 0;
        for (DerivativeStorage.Entry e : oldestFirst) {
            if (total <= target) {
                break;
            }
            storage.delete(e.key());
            total -= e.size();
            n++;
            evicted.increment();
        }
        LOG.infof("derivative cache over %d bytes: deleted %d least recently used", max, n);
        return n;
    }
}
