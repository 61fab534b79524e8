package io.imagepic.access;

import java.util.Optional;

/** The roles granted on buckets, kept by the module that manages members; read on every access check. */
public interface BucketGrants {

    /** The role granted to this person (by user id) on this bucket, if any. */
    Optional<Role> roleOf(String bucket, String userId);
}
