package io.imagepic.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.imagepic.access.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service token as stored ({@code svc_<id>.json} in the user store). Only the SHA-256 of the secret is
 * kept; the secret itself is shown once, at creation. {@code buckets} null: every bucket.
 * {@code maxConcurrentUploads}: uploads it may run at once per replica, set when it was minted; null in
 * documents older than the field, which get {@code imagepic.tokens.max-concurrent-uploads}.
 */
@RegisterForReflection
public record ServiceToken(String id, String name, String ownerId, String ownerName, Set<Scope> scopes,
        List<String> buckets, Instant createdAt, Instant expiresAt, String secretHash, Integer maxConcurrentUploads) {

    /** Its own limit of concurrent uploads, or the configured default when it has none. */
    public int maxConcurrentUploads(int byDefault) {
        return maxConcurrentUploads == null ? byDefault : maxConcurrentUploads;
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
