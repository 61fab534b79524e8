package io.imagepic.state;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event owed to one webhook target ({@link DeliveryQueue}), from queueing until delivered or given up. {@code id}
 * is the queue's own (opaque, ordered within a target); {@code eventId} is the delivery id receivers see, the same
 * on every attempt whichever replica makes it; {@code body} is the exact JSON that is signed and sent.
 */
@RegisterForReflection
public record Delivery(String id, String targetId, String eventId, String eventType, String body, int attempts,
        Instant created, Instant nextAttempt) {

    /** A delivery not yet queued (the queue gives it its id). */
    public static Delivery of(String targetId, String eventId, String eventType, String body, Instant now) {
        return new Delivery(null, targetId, eventId, eventType, body, 0, now, now);
    }

    public Delivery withId(String newId) {
        return new Delivery(newId, targetId, eventId, eventType, body, attempts, created, nextAttempt);
    }

    /** After a failed attempt: tried again at next. */
    public Delivery failedAttempt(Instant next) {
        return new Delivery(id, targetId, eventId, eventType, body, attempts + 1, created, next);
    }
}
