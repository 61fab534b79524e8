package io.imagepic.notification;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event owed to one target, kept on disk until delivered or given up. {@code seq} orders the
 * deliveries of a target across restarts; {@code body} is the exact JSON that is signed and sent.
 */
@RegisterForReflection // serialised by Jackson, also outside REST answers (native image)
public record Delivery(long seq, String targetId, String eventId, String eventType, String body, int attempts,
        Instant nextAttempt) {

    String fileName() {
        return String.format("%019d-%s.json", seq, targetId);
    }

    Delivery failedAttempt(Instant next) {
        return new Delivery(seq, targetId, eventId, eventType, body, attempts + 1, next);
    }
}
