package io.imagepic.state;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A registered webhook receiver ({@link WebhookTargetStore}): where to POST, which events (bucket, key prefix and
 * suffix, event types; null or empty: all), the secret deliveries are signed with, and who made it ({@code owner}:
 * the caller id; {@code ownerIsToken} when a service token made it).
 */
@RegisterForReflection
public record WebhookTarget(String id, String url, String secret, String bucket, String prefix, String suffix,
        List<String> events, Instant created, String owner, boolean ownerIsToken) {

    @Override
    public String toString() {
        return "WebhookTarget[id=" + id + ", url=" + url + "]"; // never the secret
    }
}
