package io.imagepic.access;

import java.util.Optional;

/**
 * The roles granted on buckets, kept by the module that manages members (bucket) on the shared state volume;
 * read on every access check that depends on a grant.
 */
public interface BucketGrants {

    /**
     * The role granted to this person (by user id) on this bucket, if any, as stored now: a grant or revocation
     * made through any replica shows here at once. Blocking (reads the state volume).
     */
    Optional<Role> roleOf(String bucket, String userId);

    /**
     * As {@link #roleOf}, from what this replica read last (refreshed about every second); never blocks. For
     * per-event filters on a publisher's thread, never for deciding a request.
     */
    default Optional<Role> recentRoleOf(String bucket, String userId) {
        return roleOf(bucket, userId);
    }
}
