package io.imagepic.transform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Image transforms on {@code /i/} ({@code ?w=&h=&fit=&fm=&q=&dpr=&auto=format&preset=}), libvips, the derivative cache. */
@ConfigMapping(prefix = "imagepic.transform")
public interface TransformConfig {

    /**
     * Transform parameters on the image route. Needs libvips (Debian's {@code libvips42}): when true and it
     * cannot be loaded, the service does not start. false: parameters answer 400, originals are served as ever.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Named transforms, used as {@code ?preset=NAME}: a query string of transform parameters each, e.g.
     * {@code imagepic.transform.presets.thumb=w=256&h=256&fit=crop&auto=format}. Presets are open on public-read
     * buckets whatever their size. {@code thumb} and {@code view} are what the console's gallery uses.
     */
    Map<String, String> presets();

    /**
     * Widths and heights (after dpr) a public-read bucket serves without a signed link: any other size needs one
     * (403), so no one can make the service compute and store endless variants. Default: Next.js's device and
     * image sizes, so its loader works unchanged.
     */
    @WithDefault("16,32,48,64,96,128,256,384,640,750,828,1080,1200,1920,2048,3840")
    List<Integer> publicSizes();

    /** Largest source image, in pixels (width × height of its first frame); larger ones answer 422 before decoding. */
    @WithDefault("40000000")
    long maxPixels();

    /** Largest source file transformed; larger ones answer 413 before a byte is read. */
    @WithDefault("32M")
    MemorySize maxSourceSize();

    /**
     * Source bytes held in memory by transforms waiting or running, all together; past it a transform answers
     * 503 with Retry-After at once (the sources of a full queue, not a request count, are what fill memory).
     */
    @WithDefault("128M")
    MemorySize memoryBudget();

    /** Wall-clock limit of one transform (decode, resize, encode); past it libvips is stopped and the answer is 503. */
    @WithDefault("10s")
    Duration deadline();

    /** Threads that run transforms (never the event loop). Default: the number of cores. */
    OptionalInt threads();

    /** Transforms that may wait for a thread; past that they answer 503 with Retry-After. */
    @WithDefault("8")
    int queue();

    /** Threads libvips itself uses inside one transform; 1 because the pool already runs one per core. */
    @WithDefault("1")
    int vipsConcurrency();

    /** Quality when {@code q} is not given (JPEG, WebP, AVIF). */
    @WithDefault("80")
    int defaultQuality();

    /** AVIF encoder effort, 0 (fastest) .. 9 (smallest): AV1 encoding is slow, imgproxy also defaults to its fastest. */
    @WithDefault("0")
    int avifEffort();

    /**
     * How long this replica trusts what it knows of a source's version without asking S3 again. Changes made
     * through the service reach every replica at once (the event path); this only bounds how long a change made
     * around the service (straight into S3), or an event lost between replicas, can leave old derivatives served.
     */
    @WithDefault("60s")
    Duration sourceRecheck();

    /** Sources whose version this replica remembers (a few hundred bytes each). */
    @WithDefault("100000")
    long sourceCacheEntries();

    /** On upload: buckets whose originals are always stored without EXIF/GPS/XMP (else only with {@code strip: exif}). */
    Optional<List<String>> stripOnUpload();

    Cache cache();

    /** The derivative cache in S3. */
    interface Cache {
        /**
         * The bucket derivatives are stored in, created on first use. Reserved: no API call reaches it (a writer of
         * any bucket must not be able to plant a derivative), so it must not be a bucket clients use.
         */
        @WithDefault("imagepic-derivatives")
        String bucket();

        /** Key prefix inside that bucket, e.g. {@code v1/}, to share a bucket between deployments. */
        Optional<String> prefix();

        /**
         * Size of the cache: above it, derivatives least recently used (by S3's Last-Modified, refreshed when a
         * derivative is served after {@code touch-after}) are deleted, down to 90 %. 0: no limit (use an S3
         * lifecycle rule instead, see docs/operations.md).
         */
        @WithDefault("10G")
        MemorySize maxSize();

        /** How often the cache's size is checked (each replica lists the bucket). */
        @WithDefault("1h")
        Duration sweepInterval();

        /** A derivative served this long after it was written or last refreshed is refreshed (one copy request). */
        @WithDefault("1d")
        Duration touchAfter();
    }

    /** The presets in effect: the configured ones, with the console's {@code thumb} and {@code view} unless replaced. */
    default Map<String, String> effectivePresets() {
        Map<String, String> all = new java.util.TreeMap<>();
        all.put("thumb", "w=256&h=256&fit=crop&auto=format");
        all.put("view", "w=1920&h=1920&fit=max&auto=format");
        all.putAll(presets());
        return all;
    }

    default int poolThreads() {
        return threads().orElse(Runtime.getRuntime().availableProcessors());
    }
}
