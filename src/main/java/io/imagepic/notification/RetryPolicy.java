package io.imagepic.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed webhook delivery is tried again: after {@code initial × 2^(failures-1)}, at most {@code max},
 * and not at all once {@code maxAttempts} attempts failed. Pure, so its schedule is tested without waiting.
 */
record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    static RetryPolicy of(NotificationConfig.Webhook config) {
        return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    }

    /** The pause after the given number of failed attempts (1 = the first failure). */
    Duration backoff(int failures) {
        Duration d = initial.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 30));
        return d.compareTo(max) > 0 ? max : d;
    }

    /**
     * The next attempt after a delivery's attempt failed at {@code failedAt}, {@code failures} attempts having failed
     * in all; empty when it is given up.
     */
    Optional<Instant> nextAttempt(int failures, Instant failedAt) {
        return failures >= maxAttempts ? Optional.empty() : Optional.of(failedAt.plus(backoff(failures)));
    }
}
