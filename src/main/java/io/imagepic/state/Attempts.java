package io.imagepic.state;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One key's record of attempts ({@link LimitStore}): attempts counted, the last one, held back until, forgotten
 * after.
 */
@RegisterForReflection
public record Attempts(int count, Instant last, Instant until, Instant forgetAt) {

    public boolean heldAt(Instant now) {
        return until != null && now.isBefore(until);
    }

    public boolean forgottenAt(Instant now) {
        return !now.isBefore(forgetAt);
    }
}
