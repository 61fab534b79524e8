package io.imagepic.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one clock of the tests, moved by the test instead of waited for (never back). As a bean it is the service's
 * clock: the system clock plus an offset the test advances, enabled per profile
 * ({@code QuarkusTestProfile.getEnabledAlternatives}) so it never shifts the time of other tests' application. A
 * plain unit test makes its own that stands still until advanced: {@link #at(Instant)}, {@link #settled()}.
 */
@Alternative
@Singleton
public class TestClock extends Clock {

    /** Null: the system clock's now; else the instant this clock stands at (before the offset). */
    private final Instant start;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /**
     * The service's clock (the bean): the system clock plus the offset, or, where the profile sets
     * {@code imagepic.test.clock=frozen}, standing at the application's start until a test advances it (a test that
     * asserts a wait to the second cannot let a busy machine's seconds pass).
     */
    @Inject
    public TestClock(@ConfigProperty(name = "imagepic.test.clock", defaultValue = "live") String mode) {
        this("frozen".equals(mode) ? Instant.now() : null);
    }

    private TestClock(Instant start) {
        this.start = start;
    }

    /** A clock that stands at {@code start} until the test advances it. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /**
     * A standing clock an hour after now: every file time on this machine counts as settled (the state primitives'
     * margin for coarse file times).
     */
    public static TestClock settled() {
        return at(Instant.now().plus(Duration.ofHours(1)));
    }

    /** Moves the time forward. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public Instant instant() {
        return (start == null ? Instant.now() : start).plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
