package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.TestClock;

class TempFilesTest {

    @TempDir
    Path dir;

    @Test
    void removesOnlyTempFilesOlderThanTheMaxAge() throws Exception {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Path crashed = temp(".auth_1.json.1111.tmp", now.minus(Duration.ofHours(2)));
        Path inFlight = temp(".auth_2.json.2222.tmp", now.minusSeconds(1)); // another replica writing right now
        Path document = temp("auth_3.json", now.minus(Duration.ofDays(3)));
        Path notOurs = temp("notes.tmp", now.minus(Duration.ofDays(3)));

        int removed = TempFiles.removeStale(dir, Duration.ofMinutes(15), TestClock.at(now));

        assertEquals(1, removed);
        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(inFlight));
        assertTrue(Files.exists(document));
        assertTrue(Files.exists(notOurs));
    }

    @Test
    void aMissingDirectoryHasNothingToRemove() throws Exception {
        assertEquals(0, TempFiles.removeStale(dir.resolve("none"), Duration.ZERO, TestClock.settled()));
    }

    private Path temp(String name, Instant modified) throws Exception {
        Path p = Files.createFile(dir.resolve(name));
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }
}
