package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.support.TestClock;

class CachedFileTest {

    @TempDir
    Path dir;

    private final CountingCodec codec = new CountingCodec();

    @Test
    void decodesOnceWhileTheFileIsUnchanged() throws Exception {
        Path file = write("v1");
        CachedFile<String> cached = new CachedFile<>(file, codec, TestClock.settled(), Duration.ofSeconds(2));

        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of("v1"), cached.get());
        }
        assertEquals(1, codec.decodes.get());
    }

    @Test
    void seesAReplacementByAnotherWriterAtTheNextRead() throws Exception {
        Path file = write("v1");
        CachedFile<String> cached = new CachedFile<>(file, codec, TestClock.settled(), Duration.ofSeconds(2));
        assertEquals(Optional.of("v1"), cached.get());
        FileTime time = Files.getLastModifiedTime(file);

        write("v2"); // what another replica does: a new file renamed over the old one
        Files.setLastModifiedTime(file, time); // even with the very same modification time and size

        assertEquals(Optional.of("v2"), cached.get());
        assertEquals(2, codec.decodes.get());
    }

    @Test
    void seesDeletionAndRecreation() throws Exception {
        Path file = write("v1");
        CachedFile<String> cached = new CachedFile<>(file, codec, TestClock.settled(), Duration.ofSeconds(2));
        assertEquals(Optional.of("v1"), cached.get());

        Files.delete(file);
        assertTrue(cached.get().isEmpty());

        write("v3");
        assertEquals(Optional.of("v3"), cached.get());
    }

    @Test
    void aStampTooCloseToTheReadIsNotTrusted() throws Exception {
        Path file = write("v1");
        Instant changed = Files.getLastModifiedTime(file).toInstant();
        // The read happens within the margin of the file's last change: an equal stamp could hide a
        // second change in the same timestamp tick, so every read decodes again...
        TestClock clock = TestClock.at(changed.plusMillis(500));
        CachedFile<String> cached = new CachedFile<>(file, codec, clock, Duration.ofSeconds(2));
        cached.get();
        cached.get();
        assertEquals(2, codec.decodes.get());

        // ...until a read made after the margin, which is then trusted.
        clock.advance(Duration.ofSeconds(5));
        cached.get();
        cached.get();
        cached.get();
        assertEquals(3, codec.decodes.get());
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("doc.txt");
        Fs.replace(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
