package io.imagepic.state;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A service token as stored ({@link ServiceTokenStore}): only the SHA-256 of the secret is kept; the secret itself
 * is shown once, at creation. {@code scopes} are scope ids ({@code access.Scope#id}); {@code buckets} null: every
 * bucket. {@code maxConcurrentUploads}: uploads it may run at once per replica, set when it was minted; null in
 * records older than the field, which get the configured default ({@code imagepic.tokens.max-concurrent-uploads}).
 */
@RegisterForReflection
public record ServiceToken(String id, String name, String ownerId, String ownerName, Set<String> scopes,
        List<String> buckets, Instant createdAt, Instant expiresAt, String secretHash, Integer maxConcurrentUploads) {

    public ServiceToken {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        buckets = buckets == null ? null : List.copyOf(buckets);
    }

    /** A record without its own upload limit (as minted before the field existed). */
    public ServiceToken(String id, String name, String ownerId, String ownerName, Set<String> scopes, List<String> buckets,
            Instant createdAt, Instant expiresAt, String secretHash) {
        this(id, name, ownerId, ownerName, scopes, buckets, createdAt, expiresAt, secretHash, null);
    }

    /** Its own limit of concurrent uploads, or {@code byDefault} when it has none. */
    public int maxConcurrentUploads(int byDefault) {
        return maxConcurrentUploads == null ? byDefault : maxConcurrentUploads;
    }

    /** The same token allowed these buckets (null: every bucket). */
    public ServiceToken withBuckets(List<String> buckets) {
        return new ServiceToken(id, name, ownerId, ownerName, scopes, buckets, createdAt, expiresAt, secretHash,
                maxConcurrentUploads);
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
