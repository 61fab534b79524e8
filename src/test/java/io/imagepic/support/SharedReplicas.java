package io.imagepic.support;

/**
 * Packaged replicas that several test classes share ({@link PackagedInstances#sharedByClasses()}): a start of a
 * replica costs seconds of CPU, and these classes only need replicas as production runs them. A class that stops,
 * kills or restarts a replica, or needs settings of its own, starts its own instead.
 */
public final class SharedReplicas {

    /**
     * Three replicas on one PostgreSQL database and the JVM's S3 server, each with its own state directory, at
     * production's defaults (access {@code granted}) but for: an hour between policy reloads (so a change seen
     * within a second came by notification), and webhook and heartbeat timings short enough for a test to wait out.
     */
    public static final PackagedInstances THREE_ON_POSTGRES = PackagedInstances.of(3).postgres().sharedByClasses()
            .property("imagepic.policy.reload-interval", "1h")
            .property("imagepic.admin.phone", Tokens.ADMIN_PHONE)
            .property("imagepic.admin.password", Tokens.PASSWORD)
            .property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.notification.heartbeat", "1s")
            .property("imagepic.notification.webhook-allowed-hosts", "127.0.0.1")
            .property("imagepic.notification.webhook.initial-backoff", "200ms")
            .property("imagepic.notification.webhook.max-backoff", "1s")
            .property("imagepic.notification.webhook.timeout", "2s")
            .property("imagepic.notification.webhook.claim-timeout", "5s")
            .property("imagepic.notification.webhook.poll", "200ms");

    private SharedReplicas() {
    }
}
