package io.imagepic.notification;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live event stream and webhook deliveries. */
@ConfigMapping(prefix = "imagepic.notification")
public interface NotificationConfig {

    /** Interval of the heartbeat comment sent to every listener, so proxies keep idle connections. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Events buffered per listener while it does not read; past it the listener gets overflow and is cut off. */
    @WithDefault("256")
    int subscriberBuffer();

    /** Listeners connected at once; past it listen answers 503. */
    @WithDefault("256")
    int maxSubscribers();

    /** Streams one caller (a user, a service token) may hold open at once; past it listen answers 429. */
    @WithDefault("8")
    int maxSubscribersPerCaller();

    /**
     * How often a listener's credential and rights are checked again: its stream ends within this time of a
     * revocation, a password change or a disabled account (revoked), of its rights shrinking (reconnect: an admin
     * demoted, a grant on the stream's bucket revoked), and at the token's expiry.
     */
    @WithDefault("3s")
    Duration reauthenticateEvery();

    /**
     * Kernel send buffer of a listener's connection (HTTP/1.1; 0 = the OS default, which autotunes up to
     * megabytes). Bounds the kernel memory a stalled listener holds and lets its overflow show up soon.
     */
    @WithDefault("64K")
    MemorySize socketSendBuffer();

    /** How long an overflowed listener has to read its overflow event before its connection is closed. */
    @WithDefault("10s")
    Duration overflowGrace();

    Webhook webhook();

    /**
     * Webhook hosts allowed although they resolve to an address that is not globally routable unicast (loopback,
     * private, link-local...) or is blocked: host names, addresses or ranges (CIDR), matched as written (never
     * through an IPv4 address inside an IPv6 one), for internal receivers on purpose.
     */
    Optional<List<String>> webhookAllowedHosts();

    /**
     * Address ranges webhooks never reach besides those that are not globally routable unicast: the cluster's
     * service range (Kubernetes' default 10.96.0.0/12 is private anyway; set yours if it is public).
     */
    @WithDefault("10.96.0.0/12")
    List<String> webhookBlockedRanges();

    interface Webhook {
        /** Most registered targets. */
        @WithDefault("100")
        int maxTargets();

        /**
         * Deadline of one delivery attempt, from connecting to the answer's last byte: a receiver still sending
         * then is cut off and the attempt counts as failed (answer bodies past 64 KiB fail at once).
         */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts per delivery before it is given up (logged and dropped). */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the first retry; doubled after each failure up to maxBackoff. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between two delivery attempts of one event (the wait doubles from initial-backoff). */
        @WithDefault("5m")
        Duration maxBackoff();

        /** Deliveries kept per target while it is failing; newer events are dropped (and counted) past it. */
        @WithDefault("10000")
        int maxPending();

        /** Deliveries kept for all targets together; newer events are dropped (and counted) past it. */
        @WithDefault("100000")
        int maxQueued();

        /**
         * How long a replica's claim on a delivery lasts: a delivery whose replica died is taken over by another
         * after it. At least twice the webhook timeout.
         */
        @WithDefault("30s")
        Duration claimTimeout();

        /** How often a replica looks for deliveries queued or released by others, and for expired claims. */
        @WithDefault("1s")
        Duration poll();
    }
}
