package io.imagepic.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.imagepic.access.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service token as stored ({@code svc_<id>.json} in the user store). Only the SHA-256 of the secret is
 * kept; the secret itself is shown once, at creation. {@code buckets} null: every bucket.
 */
@RegisterForReflection
public record ServiceToken(String id, String name, String ownerId, String ownerName, Set<Scope> scopes,
        List<String> buckets, Instant createdAt, Instant expiresAt, String secretHash) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // never print the hash
        return "ServiceToken[id=" + id + ", name=" + name + ", scopes=" + scopes + "]";
    }
}
