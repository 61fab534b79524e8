package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.state.files.FileState;
import io.imagepic.support.TestClock;

/**
 * The login throttle on a clock the test moves: free attempts, then a delay that doubles up to its cap, counted
 * in the shared state so two replicas count the same attempts.
 */
class ThrottleTest {

    static final Throttle.Policy POLICY = new Throttle.Policy("login-phone", 3, Duration.ofMinutes(15),
            Duration.ofSeconds(10), Duration.ofSeconds(40));

    final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    FileState state;

    /** One store for the test's "replicas": the state they share. */
    FileState state() {
        if (state == null) {
            state = new FileState(dir, "test", json, Clock.systemUTC());
        }
        return state;
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.close();
        }
    }

    Throttle replica() {
        return new Throttle(state().limits(), clock);
    }

    @ParameterizedTest(name = "after attempt {0}: held {1} s")
    @CsvSource({ "0, 0", "1, 0", "2, 0", "3, 10", "4, 20", "5, 40", "6, 40", "100, 40" })
    void theDelayDoublesFromTheLastFreeAttemptUpToItsCap(int count, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), POLICY.delayAfter(count));
    }

    @Test
    void anAttemptWhileHeldBackIsRefusedWithWhatIsLeftAndNotCounted() throws Exception {
        Throttle throttle = replica();
        for (int i = 0; i < 3; i++) {
            throttle.take(POLICY, "13700000001");
        }
        assertEquals(Duration.ofSeconds(10), heldBack(throttle));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Duration.ofSeconds(6), heldBack(throttle), "refused attempts do not extend the delay");

        clock.advance(Duration.ofSeconds(6));
        assertEquals(4, throttle.take(POLICY, "13700000001").after().count());
        assertEquals(Duration.ofSeconds(20), heldBack(throttle));
        clock.advance(Duration.ofSeconds(20));
        throttle.take(POLICY, "13700000001");
        assertEquals(Duration.ofSeconds(40), heldBack(throttle));
        clock.advance(Duration.ofSeconds(40));
        throttle.take(POLICY, "13700000001");
        assertEquals(Duration.ofSeconds(40), heldBack(throttle), "capped");
        throttle.take(POLICY, "13700000002"); // other keys are not held
    }

    @Test
    void attemptsAreForgottenAWindowAfterTheLast() throws Exception {
        Throttle throttle = replica();
        throttle.take(POLICY, "k");
        throttle.take(POLICY, "k");
        clock.advance(Duration.ofMinutes(15));
        assertEquals(1, throttle.take(POLICY, "k").after().count(), "counting starts again");
        throttle.take(POLICY, "k");
        clock.advance(Duration.ofMinutes(14));
        assertEquals(3, throttle.take(POLICY, "k").after().count(), "within the window: counted on");
    }

    @Test
    void aRefundedAttemptDoesNotCountAndAResetForgetsTheKey() throws Exception {
        Throttle throttle = replica();
        for (int i = 0; i < 10; i++) {
            throttle.refund(throttle.take(POLICY, "k")); // ten successes: never held back
        }
        throttle.take(POLICY, "k");
        throttle.take(POLICY, "k");
        Throttle.Ticket third = throttle.take(POLICY, "k");
        assertEquals(Duration.ofSeconds(10), heldBack(throttle, "k"));
        throttle.refund(third);
        assertEquals(3, throttle.take(POLICY, "k").after().count(), "the refunded third attempt was given back");
        throttle.reset(POLICY, "k");
        assertEquals(1, throttle.take(POLICY, "k").after().count());
    }

    @Test
    void twoThrottlesOnOneStoreCountTheSameAttempts() throws Exception {
        Throttle a = replica();
        Throttle b = replica();
        a.take(POLICY, "k");
        b.take(POLICY, "k");
        a.take(POLICY, "k");
        assertEquals(Duration.ofSeconds(10), heldBack(b, "k"), "b sees a's attempts");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(4, b.take(POLICY, "k").after().count());
        assertEquals(Duration.ofSeconds(20), heldBack(a, "k"));
    }

    private static Duration heldBack(Throttle throttle) {
        return heldBack(throttle, "13700000001");
    }

    private static Duration heldBack(Throttle throttle, String key) {
        return assertThrows(Throttle.HeldBack.class, () -> throttle.take(POLICY, key)).retryAfter();
    }

}
