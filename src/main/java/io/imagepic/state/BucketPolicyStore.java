package io.imagepic.state;

import java.util.Map;
import java.util.Optional;

/**
 * The buckets whose policy is not the default (private), with their policy value ({@code public-read}). Small: the
 * policy module keeps all of it in memory and follows {@link StateChange.PolicyChanged}, which every change
 * announces with the new value. Blocking: call from a worker thread.
 */
public interface BucketPolicyStore {

    /** Every non-default policy now, by bucket. */
    Map<String, String> all();

    Optional<String> find(String bucket);

    /** Sets the bucket's policy; null (or removing) goes back to the default. */
    void put(String bucket, String policy);
}
