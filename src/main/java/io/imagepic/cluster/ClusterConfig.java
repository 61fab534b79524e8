package io.imagepic.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How replicas find and talk to each other, and how one ends its work on SIGTERM. */
@ConfigMapping(prefix = "imagepic.cluster")
public interface ClusterConfig {

    /**
     * Base URLs of every replica (tests, static setups), e.g. {@code http://10.0.0.5:8080,http://10.0.0.6:8080};
     * each instance recognises and skips itself.
     */
    Optional<List<String>> peers();

    /**
     * DNS name of a headless Service whose A records are the replicas' pod addresses (Kubernetes); used when
     * imagepic.cluster.peers is unset.
     */
    Optional<String> service();

    /** Port of the replicas found through imagepic.cluster.service. */
    @WithDefault("8080")
    int servicePort();

    /** How often the headless Service's addresses are looked up again. */
    @WithDefault("5s")
    Duration refresh();

    /**
     * Shared secret that signs peer traffic (>= 32 characters; the same on every replica, from the Kubernetes
     * Secret that holds the JWT keys). Unset: derived from the JWT signing key, which replicas share anyway.
     */
    Optional<String> secret();

    /** Bound on one message batch sent to a peer; a peer slower than this is taken as down. */
    @WithDefault("2s")
    Duration timeout();

    /** Messages queued per peer while it is slow; past it new messages for that peer are dropped (and counted). */
    @WithDefault("10000")
    int queue();

    Shutdown shutdown();

    interface Shutdown {
        /**
         * How long uploads in flight may take to finish after SIGTERM. terminationGracePeriodSeconds of the
         * pod must cover it plus the drain delay.
         */
        @WithDefault("30s")
        Duration grace();

        /**
         * After SIGTERM, how long the replica keeps serving (readiness already DOWN, new uploads refused) so
         * that load balancers stop sending it requests before its port closes.
         */
        @WithDefault("5s")
        Duration drainDelay();

        /** Retry-After of uploads refused while shutting down, in seconds. */
        @WithDefault("2")
        int retryAfterSeconds();
    }
}
