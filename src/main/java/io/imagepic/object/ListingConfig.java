package io.imagepic.object;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds on listObjects, so no listing is unbounded (the seed kept whole listings in memory). */
@ConfigMapping(prefix = "imagepic.listing")
public interface ListingConfig {

    /** Largest pageSize a client may ask for. */
    @WithDefault("1000")
    int maxPageSize();

    /** Most entries returned for pageNum=-1 ("all"); beyond it the answer says truncated=true. */
    @WithDefault("10000")
    int maxAll();

    /** Bound on walking a listing (counting total). */
    @WithDefault("60s")
    Duration timeout();
}
