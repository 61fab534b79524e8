package io.imagepic.state;

import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Bucket members: one grant per (bucket, account id). Every grant and revocation is announced as
 * {@link StateChange.GrantChanged}. {@link #find} is the per-request hot path (never blocks); {@link #recent} serves
 * per-event filters that may not even wait for a statement. The rest blocks: worker threads.
 */
public interface MemberStore {

    /** The grant as stored now. Never blocks. */
    Uni<Optional<Membership>> find(String bucket, String userId);

    /**
     * What this replica holds in memory, without any I/O: files holds every grant; postgres holds the grants read
     * recently (a miss answers empty). For per-event filters of live streams only, never for deciding a request.
     */
    Optional<Membership> recent(String bucket, String userId);

    /** The members of a bucket. */
    List<Membership> ofBucket(String bucket);

    /** The buckets an account is a member of. */
    List<Membership> ofUser(String userId);

    /** Grants (or changes) a member's role. */
    void put(Membership membership);

    /** False when the account had no grant on the bucket. */
    boolean remove(String bucket, String userId);

    /** Forgets every member of a bucket (removed, or created afresh); answers how many. */
    int removeAll(String bucket);
}
