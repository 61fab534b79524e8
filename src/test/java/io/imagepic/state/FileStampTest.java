package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileStampTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "changed at {0} ms, read at {1} ms, margin {2} ms: settled={3}")
    @CsvSource({
            "1000, 4000, 2000, true",
            "1000, 3000, 2000, false", // exactly at the margin: not yet
            "1000, 2500, 2000, false",
            "1000, 1000, 0,    false",
            "1000, 1001, 0,    true" })
    void settlesOnlyAfterTheMargin(long changedMillis, long readMillis, long marginMillis, boolean settled) {
        long nanos = changedMillis * 1_000_000;
        FileStamp stamp = new FileStamp(List.of(1L, 2L), 10, nanos, nanos);
        assertEquals(settled, stamp.settledBefore(Instant.ofEpochMilli(readMillis), Duration.ofMillis(marginMillis)));
    }

    @Test
    void theLaterOfModifiedAndChangedCounts() {
        FileStamp stamp = new FileStamp(List.of(1L, 2L), 10, 1_000_000_000L, 5_000_000_000L);
        assertEquals(false, stamp.settledBefore(Instant.ofEpochSecond(6), Duration.ofSeconds(2)));
        assertEquals(true, stamp.settledBefore(Instant.ofEpochSecond(8), Duration.ofSeconds(2)));
    }

    @Test
    void aReplacementShowsEvenWithTheSameSizeAndModificationTime() throws Exception {
        Path file = dir.resolve("doc.json");
        Fs.replace(file, "aaaa".getBytes(StandardCharsets.UTF_8));
        FileTime time = Files.getLastModifiedTime(file);
        FileStamp first = FileStamp.of(file).orElseThrow();

        Fs.replace(file, "bbbb".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, time);
        FileStamp second = FileStamp.of(file).orElseThrow();

        assertEquals(first.size(), second.size());
        assertEquals(first.modifiedNanos(), second.modifiedNanos());
        assertNotEquals(first, second, "a renamed-in file is a new inode");
    }

    @Test
    void absentFilesHaveNoStamp() throws Exception {
        assertTrue(FileStamp.of(dir.resolve("missing")).isEmpty());
    }
}
