package io.imagepic.lifecycle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a replica ends its work on SIGTERM. Formerly {@code imagepic.cluster.shutdown.*}, names that still work for one
 * release.
 */
@ConfigMapping(prefix = "imagepic.shutdown")
public interface ShutdownConfig {

    /**
     * How long uploads in flight may take to finish after SIGTERM. terminationGracePeriodSeconds of the pod must
     * cover it plus the drain delay.
     */
    @WithDefault("30s")
    Duration grace();

    /**
     * After SIGTERM, how long the replica keeps serving (readiness already DOWN, new uploads refused) so that load
     * balancers stop sending it requests before its port closes.
     */
    @WithDefault("5s")
    Duration drainDelay();

    /** Retry-After of uploads refused while shutting down, in seconds. */
    @WithDefault("2")
    int retryAfterSeconds();
}
