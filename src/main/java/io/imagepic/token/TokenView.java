package io.imagepic.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.imagepic.access.Scope;
import io.imagepic.state.ServiceToken;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A service token as listed: everything but the secret and its hash. */
@RegisterForReflection
public record TokenView(String id, String name, Owner owner, Set<Scope> scopes, List<String> buckets,
        Instant createdAt, Instant expiresAt, boolean expired, Instant lastUsedAt, int maxConcurrentUploads) {

    @RegisterForReflection
    public record Owner(String id, String name) {
    }

    static TokenView of(ServiceToken t, Instant lastUsed, Instant now, int defaultMaxUploads) {
        return new TokenView(t.id(), t.name(), new Owner(t.ownerId(), t.ownerName()), ServiceTokens.scopes(t), t.buckets(),
                t.createdAt(), t.expiresAt(), t.expiredAt(now), lastUsed, t.maxConcurrentUploads(defaultMaxUploads));
    }

    /** The answer to a creation: the only time the secret is shown. */
    @RegisterForReflection
    public record Created(String token, String id, String name, Owner owner, Set<Scope> scopes, List<String> buckets,
            Instant createdAt, Instant expiresAt, int maxConcurrentUploads) {
    }
}
