package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook retry schedule, without waiting for it. */
class RetryPolicyTest {

    static final Instant FAILED_AT = Instant.parse("2026-01-01T00:00:00Z");
    // the test profile's settings: 4 attempts, 200 ms doubling up to 1 s
    static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(1));

    @ParameterizedTest(name = "after {0} failure(s): {1} ms")
    @CsvSource({ "1, 200", "2, 400", "3, 800", "4, 1000", "5, 1000", "40, 1000" })
    void theBackoffDoublesUpToItsCap(int failures, long millis) {
        assertEquals(Duration.ofMillis(millis), POLICY.backoff(failures));
    }

    @ParameterizedTest(name = "{0} failed attempt(s): next after {1} ms")
    @CsvSource({ "1, 200", "2, 400", "3, 800" })
    void aFailedDeliveryIsTriedAgainAfterItsBackoff(int failures, long millis) {
        assertEquals(Optional.of(FAILED_AT.plusMillis(millis)), POLICY.nextAttempt(failures, FAILED_AT));
    }

    @ParameterizedTest
    @CsvSource({ "4", "5" })
    void itIsGivenUpAfterMaxAttempts(int failures) {
        assertEquals(Optional.empty(), POLICY.nextAttempt(failures, FAILED_AT));
    }

    @Test
    void theDefaultsWaitOneSecondThenDoubleToFiveMinutes() {
        RetryPolicy defaults = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration total = Duration.ZERO;
        for (int failures = 1; failures < 8; failures++) {
            total = total.plus(defaults.backoff(failures));
        }
        assertEquals(Duration.ofSeconds(1 + 2 + 4 + 8 + 16 + 32 + 64), total, "seven pauses before the eighth attempt");
        assertEquals(Duration.ofMinutes(5), defaults.backoff(10));
        assertEquals(Duration.ofMinutes(5), defaults.backoff(Integer.MAX_VALUE), "no overflow");
    }
}
