package io.imagepic.policy;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the bucket policies are kept, and whether they are mirrored onto the S3 server. */
@ConfigMapping(prefix = "imagepic.policy")
public interface PolicyConfig {

    /**
     * Where the policies are kept: a directory {@code bucket-policies/} next to this path, one file per
     * bucket. A JSON file of all policies at this path (written before policies moved to one file per
     * bucket) is moved into it at start.
     */
    @WithDefault("${imagepic.state.dir}/bucket-policies.json")
    Path file();

    /**
     * Safety net only: how often the in-memory copy the image route uses is refreshed from the volume, in
     * case a replica's change announcement over the cluster bus was missed.
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
