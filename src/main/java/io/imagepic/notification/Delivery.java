package io.imagepic.notification;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event owed to one target, a work item in the shared delivery queue until delivered or given up.
 * Its item id, {@code <targetId>.<created millis>.<eventId>}, orders a target's deliveries across replicas and
 * restarts; the event id is the delivery id receivers see (the same on every attempt, whichever replica makes
 * it); {@code body} is the exact JSON that is signed and sent. No counter of any replica is involved.
 */
@RegisterForReflection // serialised by Jackson, also outside REST answers (native image)
public record Delivery(String targetId, String eventId, String eventType, String body, int attempts, Instant created,
        Instant nextAttempt) {

    String itemId() {
        return itemId(targetId, created, eventId);
    }

    static String itemId(String targetId, Instant created, String eventId) {
        return targetId + "." + String.format("%013d", created.toEpochMilli()) + "." + eventId;
    }

    /** The target an item id belongs to. */
    static String targetOf(String itemId) {
        int dot = itemId.indexOf('.');
        return dot < 0 ? itemId : itemId.substring(0, dot);
    }

    Delivery failedAttempt(Instant next) {
        return new Delivery(targetId, eventId, eventType, body, attempts + 1, created, next);
    }
}
