package io.imagepic.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Start-up (and periodic) cleanup of temp files a crash left behind, safe while other replicas write to the
 * same directory: a write takes milliseconds, so a temp file is removed only when its last change lies
 * longer ago than maxAge. A replica never deletes a temp file another one is writing right now.
 */
public final class TempFiles {

    /** Longer than any write takes, even on a slow volume; far shorter than anyone would miss the space. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

    private TempFiles() {
    }

    /** Deletes the temp files in dir (not below it) last changed more than maxAge ago; returns how many. */
    public static int removeStale(Path dir, Duration maxAge, Clock clock) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(maxAge);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> Fs.isTemp(p.getFileName().toString()))) {
            for (Path p : files) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // its writer finished (renamed or deleted it) meanwhile
                }
            }
        }
        return removed;
    }
}
