package io.imagepic.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the bucket policies are followed, and whether they are mirrored onto the S3 server. */
@ConfigMapping(prefix = "imagepic.policy")
public interface PolicyConfig {

    /**
     * Safety net only: how often the in-memory copy every decision reads is refreshed from the state store. A change
     * made through any replica arrives on the change feed within milliseconds, whatever this interval.
     */
    @WithDefault("10s")
    java.time.Duration reloadInterval();

    /**
     * Also write public-read as an anonymous GetObject-only S3 bucket policy (and delete it for private),
     * so a CDN can read the S3 server directly. Needs a backend with bucket-policy support.
     */
    @WithDefault("false")
    boolean mirrorToS3();
}
