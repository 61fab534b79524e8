package io.imagepic.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Who may do what to which bucket ({@code imagepic.access.*}). */
@ConfigMapping(prefix = "imagepic.access")
public interface AccessConfig {

    /**
     * {@code granted}: a person reaches only the buckets an admin granted it (bucket members); admins reach all.
     * {@code all}: every signed-in person may read and write (not manage) every bucket, as in the seed: the
     * compatibility setting for a frontend written against the Node.js service's open model.
     */
    @WithName("default")
    @WithDefault("granted")
    Mode mode();

    /**
     * true: the seed's read routes (listBuckets, listObjects, statObject, getObject, presignedGetObject) and the
     * images under /i/ answer without a token for every bucket, private ones included, as the seed's did (a
     * warning at start says so). Formerly {@code imagepic.auth.anonymous-reads}.
     */
    @WithDefault("false")
    boolean anonymousReads();

    enum Mode {
        ALL,
        GRANTED
    }
}
