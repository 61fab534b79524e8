package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.TestClock;

class VersionedStoreTest {

    @TempDir
    Path dir;

    private VersionedStore<String> replica(Clock clock) {
        return new VersionedStore<>(dir, Codec.utf8(), clock);
    }

    private static Optional<String> increment(Optional<String> v) {
        return Optional.of(String.valueOf(v.map(Integer::parseInt).orElse(0) + 1));
    }

    @Test
    void updatesFromManyThreadsOnTwoReplicasAreAllKept() throws Exception {
        VersionedStore<String> a = replica(Clock.systemUTC());
        VersionedStore<String> b = replica(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                VersionedStore<String> store = t % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.update("phone:13800138000", VersionedStoreTest::increment);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of("400"), a.get("phone:13800138000"));
        assertEquals(Optional.of("400"), b.get("phone:13800138000"));
    }

    @Test
    void olderVersionsAreCleanedUpOnceOlderThanTwiceTheOperationLimit() throws Exception {
        TestClock clock = TestClock.at(java.time.Instant.now());
        VersionedStore<String> a = replica(clock);
        for (int i = 0; i < 5; i++) {
            a.update("k", VersionedStoreTest::increment);
        }
        assertEquals(5, versionFiles("k"), "a writer may still be working from any of them");

        clock.advance(Duration.ofSeconds(21)); // the default limit is 10 s
        a.update("k", VersionedStoreTest::increment);
        assertEquals(1, versionFiles("k"));
        assertEquals(Optional.of("6"), a.get("k"));
    }

    @Test
    void compareAndSetFailsOnAStaleVersion() {
        VersionedStore<String> a = replica(Clock.systemUTC());
        VersionedStore<String> b = replica(Clock.systemUTC());
        assertTrue(a.compareAndSet("k", 0, "first"));
        VersionedStore.Versioned<String> seen = b.read("k");
        assertEquals(1, seen.version());

        assertTrue(a.compareAndSet("k", 1, "second"));
        assertFalse(b.compareAndSet("k", seen.version(), "based on first"), "b's change was computed from an old value");
        assertEquals(Optional.of("second"), b.get("k"));
    }

    @Test
    void aChangeThatKeepsTheValueWritesNothing() {
        VersionedStore<String> a = replica(Clock.systemUTC());
        a.update("k", v -> Optional.of("x"));
        long version = a.read("k").version();
        a.update("k", v -> v);
        assertEquals(version, a.read("k").version());
        a.update("never", v -> Optional.empty());
        assertEquals(List.of("k"), a.keys());
    }

    @Test
    void aWriterThatRecreatesACleanedUpVersionWithdraws() throws Exception {
        TestClock clock = TestClock.at(java.time.Instant.now());
        VersionedStore<String> a = replica(clock);
        a.update("k", v -> Optional.of("1")); // version 1
        VersionedStore.Versioned<String> stale = a.read("k");
        a.update("k", v -> Optional.of("2")); // version 2
        clock.advance(Duration.ofMinutes(1));
        a.update("k", v -> Optional.of("3")); // version 3; versions 1 and 2 cleaned up
        assertEquals(1, versionFiles("k"));

        // A writer that read version 1 and stalled inside its commit now creates version 2 again.
        assertFalse(a.compareAndSet("k", stale.version(), "from 1"));
        assertEquals(Optional.of("3"), a.get("k"));
        assertEquals(1, versionFiles("k"));
    }

    @Test
    void anOperationThatTookTooLongDoesNotCommit() {
        TestClock clock = TestClock.settled();
        VersionedStore<String> a = new VersionedStore<>(dir, Codec.utf8(), clock,
                new VersionedStore.Options(1, Duration.ofSeconds(30), Duration.ofHours(1)));
        a.update("k", v -> Optional.of("1"));
        try {
            a.update("k", v -> {
                clock.advance(Duration.ofMinutes(1)); // a stall between reading and committing
                return Optional.of("late");
            });
        } catch (StateConflictException expected) {
            assertEquals(Optional.of("1"), a.get("k"));
            return;
        }
        throw new AssertionError("a commit after the operation limit went through");
    }

    @Test
    void deletedKeysArePurgedAfterThePurgeAgeOnly() throws Exception {
        TestClock clock = TestClock.settled();
        VersionedStore<String> a = replica(clock);
        a.update("gone", v -> Optional.of("x"));
        a.update("kept", v -> Optional.of("y"));
        assertTrue(a.delete("gone"));
        assertFalse(a.delete("gone"));
        assertEquals(Optional.empty(), a.get("gone"));
        assertEquals(2, a.read("gone").version(), "a deletion is a version too");

        // A tombstone 30 minutes old is younger than the purge age (1 h): kept.
        Files.setLastModifiedTime(dir.resolve("gone").resolve(String.format("%019d", 2)),
                FileTime.from(clock.instant().minus(Duration.ofMinutes(30))));
        assertEquals(0, a.purge());
        assertEquals(List.of("gone", "kept"), a.keys());

        clock.advance(Duration.ofHours(2));
        assertEquals(1, a.purge());
        assertEquals(List.of("kept"), a.keys());
        assertEquals(Optional.of("y"), a.get("kept"));

        a.update("gone", v -> Optional.of(v.isPresent() ? "resurrected" : "fresh"));
        assertEquals(Optional.of("fresh"), a.get("gone"));
    }

    @Test
    void deleteIfRemovesMatchingValuesOnly() {
        VersionedStore<String> a = replica(Clock.systemUTC());
        a.update("old", v -> Optional.of("expired"));
        a.update("new", v -> Optional.of("live"));
        assertEquals(1, a.deleteIf("expired"::equals));
        assertEquals(Optional.empty(), a.get("old"));
        assertEquals(Optional.of("live"), a.get("new"));
    }

    @Test
    void aValueMustNotLookLikeADeletion() {
        VersionedStore<String> a = replica(Clock.systemUTC());
        try {
            a.update("k", v -> Optional.of(""));
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("an empty encoding was stored");
    }

    private long versionFiles(String key) throws Exception {
        try (var files = Files.list(dir.resolve(Names.encode(key)))) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9]{19}")).count();
        }
    }
}
