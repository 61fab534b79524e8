package io.imagepic.serving;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The image route {@code /i/{bucket}/{key}}: caching, and the hot images kept in memory. Its public URL and signed links are
 * the links' settings under
 * the same prefix ({@code link.LinkConfig}).
 */
@ConfigMapping(prefix = "imagepic.serving")
public interface ServingConfig {

    /** Cache lifetime of images whose key is not content-addressed (they may be overwritten). */
    @WithDefault("10m")
    Duration maxAge();

    /**
     * Keys naming their content (the upload's {@code hash} naming, {@code folder/<sha256 hex>.<ext>}):
     * served as immutable for a year.
     */
    @WithDefault("(?:.*/)?[0-9a-f]{16,64}\\.[A-Za-z0-9]{1,10}")
    String contentAddressedKey();

    Cache cache();

    /** Hot images of immutable (content-addressed) keys kept in memory: a hit costs the S3 server nothing. */
    interface Cache {
        /** Memory for cached images, all together (direct memory, beside the heap); 0 turns the cache off. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize size();

        /** Largest image kept; larger ones always stream from S3. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxObjectSize();

        /**
         * An image is read from S3 again after this long at the latest: a safety net for a change notice lost
         * between replicas (writes and removals evict at once, on every replica).
         */
        @WithDefault("10m")
        Duration maxAge();
    }
}
