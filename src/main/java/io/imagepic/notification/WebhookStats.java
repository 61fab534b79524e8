package io.imagepic.notification;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A target's delivery counters, shared by all replicas (read-modify-write on the shared volume). */
@RegisterForReflection
public record WebhookStats(long delivered, long failed, long dropped) {

    static final WebhookStats NONE = new WebhookStats(0, 0, 0);

    WebhookStats plus(long delivered, long failed, long dropped) {
        return new WebhookStats(this.delivered + delivered, this.failed + failed, this.dropped + dropped);
    }
}
