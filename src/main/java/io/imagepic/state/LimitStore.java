package io.imagepic.state;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Login and registration attempts per key (e.g. {@code login-phone:13800138000}), counted by every replica
 * together. Each change is a compare-and-set on the key's version, so concurrent attempts on several replicas sum up
 * exactly. Blocking: call from a worker thread.
 */
public interface LimitStore {

    /** The key's record and its version (version 0, no value: none). */
    Versioned<Attempts> read(String key);

    /**
     * Stores value (null deletes) if the key is still at expectedVersion (0: absent); false when another change came
     * first (read again, decide again).
     */
    boolean compareAndSet(String key, long expectedVersion, Attempts value);

    /**
     * Applies change to the current record (empty when absent) and stores the result (empty deletes), retried until it
     * commits: change may run several times, so it must be free of side effects. Answers the stored result.
     */
    default Optional<Attempts> update(String key, UnaryOperator<Optional<Attempts>> change) {
        for (int attempt = 1;; attempt++) {
            Versioned<Attempts> current = read(key);
            Optional<Attempts> next = change.apply(current.optional());
            if (next.equals(current.optional())
                    || compareAndSet(key, current.version(), next.orElse(null))) {
                return next;
            }
            if (attempt >= 1000) {
                throw new StateConflictException("key " + key + ": gave up after " + attempt + " conflicting writes");
            }
            Thread.onSpinWait();
        }
    }

    /** Deletes the records forgotten at now (and whatever the store keeps of deleted ones); answers how many. */
    int sweep(Instant now);
}
