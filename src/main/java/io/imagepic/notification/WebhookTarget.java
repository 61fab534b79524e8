package io.imagepic.notification;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A registered receiver: where to POST, which events, the secret deliveries are signed with, and who made it
 * ({@code owner}: the caller id; a service token sees and removes only its own targets).
 */
@RegisterForReflection // serialised by Jackson, also outside REST answers (native image)
public record WebhookTarget(String id, String url, String secret, String bucket, String prefix, String suffix,
        List<String> events, Instant created, String owner, boolean ownerIsToken) {

    EventFilter filter() {
        return new EventFilter(bucket, prefix, suffix, events == null ? List.of() : events);
    }
}
