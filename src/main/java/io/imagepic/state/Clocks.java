package io.imagepic.state;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one clock of the service's rules (lockouts, expiries): inject {@link Clock} instead of calling
 * {@code Instant.now()}, so tests move time forward instead of waiting for it.
 */
public class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
