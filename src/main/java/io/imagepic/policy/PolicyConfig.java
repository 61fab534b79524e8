package io.imagepic.policy;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the bucket policies are kept, and whether they are mirrored onto the S3 server. */
@ConfigMapping(prefix = "imagepic.policy")
public interface PolicyConfig {

    /** JSON file holding the policies, next to the user store. */
    @WithDefault("${imagepic.state.dir}/bucket-policies.json")
    Path file();

    /** How often the file is re-read, to pick up a change made by another replica sharing the volume. */
    @WithDefault("10s")
    java.time.Duration reloadInterval();

    /**
     * Also write public-read as an anonymous GetObject-only S3 bucket policy (and delete it for private),
     * so a CDN can read the S3 server directly. Needs a backend with bucket-policy support.
     */
    @WithDefault("false")
    boolean mirrorToS3();
}
