package io.imagepic.notification;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A target as the API shows it, with its delivery counters (shared by all replicas). The secret only appears in the
 * answer to the registration.
 */
@RegisterForReflection // serialised by Jackson, also outside REST answers (native image)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(String id, String url, String secret, String bucket, String prefix, String suffix,
        List<String> events, Instant created, int pending, long delivered, long failed, long dropped) {
}
