package io.imagepic.access;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * The roles granted on buckets, kept by the module that manages members (bucket) in the state store; read on every
 * access check that depends on a grant.
 */
public interface BucketGrants {

    /**
     * The role granted to this person (by user id) on this bucket, if any, as stored now: a grant or revocation made
     * through any replica shows here at once. Never blocks (the store answers from memory or with one statement on
     * the reactive client).
     */
    Uni<Optional<Role>> roleOf(String bucket, String userId);

    /**
     * As {@link #roleOf}, from what this replica holds in memory, without any I/O (with postgres a grant not read
     * lately answers empty). For per-event filters on a publisher's thread, never for deciding a request.
     */
    Optional<Role> recentRoleOf(String bucket, String userId);
}
