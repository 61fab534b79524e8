package io.imagepic.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * Service tokens by id. Creation and revocation are announced as {@link StateChange.TokenChanged}. {@link #find} is
 * the per-request hot path and never blocks; {@link #recordUse} never blocks either. The rest blocks: worker threads.
 */
public interface ServiceTokenStore {

    /** The token with this id as stored now; empty when unknown or revoked. Never blocks. */
    Uni<java.util.Optional<ServiceToken>> find(String id);

    /** False (nothing written) when the id is taken. */
    boolean create(ServiceToken token);

    List<ServiceToken> list();

    /**
     * Takes the bucket out of every token's allow-list (a removed bucket: a bucket created later under its name is
     * another one); the tokens keep their other buckets, one that named only this bucket is left with none (never
     * with every bucket). Each changed token is announced as {@link StateChange.TokenChanged}. Answers the ids of the
     * tokens changed.
     */
    List<String> removeBucket(String bucket);

    /** Revokes the token; false when there was none. A revoked token never comes back. */
    boolean delete(String id);

    /** Records a use (for the listing's "last used"), in the background; nothing for a revoked token. */
    void recordUse(String id, Instant when);

    /** The last recorded use of each token that has one. */
    Map<String, Instant> lastUsed();
}
