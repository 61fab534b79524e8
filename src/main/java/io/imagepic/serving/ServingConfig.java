package io.imagepic.serving;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The image route {@code /i/{bucket}/{key}}: caching. Its public URL and signed links are the links' settings under
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
}
