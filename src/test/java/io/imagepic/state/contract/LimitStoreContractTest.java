package io.imagepic.state.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.imagepic.state.Attempts;
import io.imagepic.state.Backends;
import io.imagepic.state.LimitStore;
import io.imagepic.state.StateEngine;
import io.imagepic.state.Versioned;

/** {@link LimitStore} on both backends: exact counts under concurrency, versions never handed out twice. */
class LimitStoreContractTest extends Contract {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Attempts count(int n) {
        return new Attempts(n, T0, null, T0.plusSeconds(3600));
    }

    static Optional<Attempts> plusOne(Optional<Attempts> a) {
        return Optional.of(count(a.map(Attempts::count).orElse(0) + 1));
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void threeThreadsIncrementingTwoHundredTimesEachCountExactlySixHundred(Backends backend) throws Exception {
        LimitStore limits = open(backend).engine.limits();
        List<Callable<Void>> calls = times(3, t -> () -> {
            for (int i = 0; i < 200; i++) {
                limits.update("login-phone:13800000001", LimitStoreContractTest::plusOne);
            }
            return null;
        });
        concurrently(calls);
        assertEquals(600, limits.read("login-phone:13800000001").value().count());
    }

    /** Separate JVMs, as replicas: no lock or memory shared, only the database. */
    @Test
    void threeProcessesIncrementingTwoHundredTimesEachCountExactlySixHundredOnPostgres() throws Exception {
        Backends.Opened store = open(Backends.POSTGRES);
        StateWorker.run(store.database, 3, "increment-limit", "login-phone:13800000002", "200");
        assertEquals(600, store.engine.limits().read("login-phone:13800000002").value().count());
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aVersionIsNeverHandedOutTwiceNotEvenAfterTheKeyWasDeletedAndPurged(Backends backend) {
        Backends.Opened store = open(backend);
        LimitStore limits = store.engine.limits();
        assertTrue(limits.compareAndSet("k", 0, count(1)));
        Versioned<Attempts> first = limits.read("k");
        assertFalse(limits.compareAndSet("k", 0, count(9)), "created once");
        assertTrue(limits.compareAndSet("k", first.version(), null)); // deleted...
        assertEquals(0, limits.read("k").version());
        assertEquals(0, limits.sweep(T0.plusSeconds(7200)), "...and purged: nothing left to sweep");

        assertTrue(limits.compareAndSet("k", 0, count(1))); // the same key, written afresh
        Versioned<Attempts> second = limits.read("k");
        assertNotEquals(first.version(), second.version(), "the number of the deleted version came back");
        assertFalse(limits.compareAndSet("k", first.version(), count(42)), "a writer holding the old version won");
        assertEquals(1, limits.read("k").value().count());

        if (backend == Backends.FILES) { // the highest number used survives a restart
            store.closeFirst();
            StateEngine reopened = store.reopen();
            reopened.limits().compareAndSet("k", second.version(), null);
            assertTrue(reopened.limits().compareAndSet("k", 0, count(1)));
            long third = reopened.limits().read("k").version();
            assertTrue(third > second.version() && third > first.version(), "version " + third + " reused");
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void aSweepDropsWhatIsForgottenAndNothingElse(Backends backend) {
        LimitStore limits = open(backend).engine.limits();
        limits.compareAndSet("old", 0, new Attempts(3, T0, null, T0.plusSeconds(60)));
        limits.compareAndSet("new", 0, new Attempts(1, T0, null, T0.plusSeconds(3600)));
        assertEquals(1, limits.sweep(T0.plusSeconds(61)));
        assertEquals(0, limits.read("old").version());
        assertEquals(1, limits.read("new").value().count());
    }
}
