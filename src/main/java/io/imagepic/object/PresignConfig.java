package io.imagepic.object;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * presignedGetObject's links (signed by the S3 server's own credentials, so neither key ring nor bucket generation
 * covers them: their lifetime is the only bound). Under {@code imagepic.serving}, beside the other links' settings.
 */
@ConfigMapping(prefix = "imagepic.serving")
public interface PresignConfig {

    /**
     * Lifetime of a presigned link when the caller names no {@code expiry}: short, because nothing revokes one
     * before it expires (the seed gave the S3 maximum, 7 days). At most 7 days.
     */
    @WithDefault("1h")
    Duration presignDefault();
}
