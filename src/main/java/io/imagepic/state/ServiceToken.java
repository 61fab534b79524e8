package io.imagepic.state;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service token as stored ({@link ServiceTokenStore}): only the SHA-256 of the secret is kept; the secret itself
 * is shown once, at creation. {@code scopes} are scope ids ({@code access.Scope#id}); {@code buckets} null: every
 * bucket.
 */
@RegisterForReflection
public record ServiceToken(String id, String name, String ownerId, String ownerName, Set<String> scopes,
        List<String> buckets, Instant createdAt, Instant expiresAt, String secretHash) {

    public ServiceToken {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        buckets = buckets == null ? null : List.copyOf(buckets);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // never print the hash
        return "ServiceToken[id=" + id + ", name=" + name + ", scopes=" + scopes + "]";
    }
}
