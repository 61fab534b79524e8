package io.imagepic.bucket;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.imagepic.access.BucketGrants;
import io.imagepic.access.Role;
import io.imagepic.state.MemberStore;
import io.imagepic.state.Membership;
import io.imagepic.web.BucketNames;
import io.smallrye.mutiny.Uni;

/**
 * The members of every bucket, one grant per account (by id) in the state store ({@link MemberStore}): grants made at
 * once through several replicas are all kept, and a grant or a revocation holds at the next request on every
 * replica. The checks ({@link #roleOf}, {@link #recentRoleOf}) never block; the rest blocks (worker threads).
 */
@Singleton
public class BucketMembers implements BucketGrants {

    private final MemberStore store;

    BucketMembers(MemberStore store) {
        this.store = store;
    }

    @Override
    public Uni<Optional<Role>> roleOf(String bucket, String userId) {
        if (userId == null || !BucketNames.isValid(bucket)) {
            return Uni.createFrom().item(Optional.empty()); // such a name has no members
        }
        return store.find(bucket, userId).map(m -> m.map(BucketMembers::role));
    }

    @Override
    public Optional<Role> recentRoleOf(String bucket, String userId) {
        if (userId == null || !BucketNames.isValid(bucket)) {
            return Optional.empty();
        }
        return store.recent(bucket, userId).map(BucketMembers::role);
    }

    /** As {@link #roleOf}, waited for: call from a worker thread. */
    public Optional<Role> roleNow(String bucket, String userId) {
        return roleOf(bucket, userId).await().indefinitely();
    }

    /** The members of a bucket, by phone. */
    public List<Membership> of(String bucket) {
        return store.ofBucket(bucket);
    }

    /** Grants (or changes) a member's role. */
    public void put(Membership membership) {
        store.put(membership);
    }

    /** Revokes one account's membership; false when it had none. */
    public boolean remove(String bucket, String userId) {
        return store.remove(bucket, userId);
    }

    /** Forgets every member of a bucket (removed, or about to be created afresh); answers how many. */
    public int removeAll(String bucket) {
        return store.removeAll(bucket);
    }

    static Role role(Membership m) {
        return Role.of(m.role());
    }
}
