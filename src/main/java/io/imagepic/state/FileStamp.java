package io.imagepic.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a file (or directory) looks like from outside: its identity (device and inode), size, modification
 * and change time. Every write in this package replaces a file by renaming a new one over it, so any
 * change gives a new inode as well as new times; for a directory, adding, removing or renaming an entry
 * changes its times.
 *
 * <p>
 * File times are coarse (a kernel tick, up to a second on some file systems) and an inode number can
 * be reused once freed, so an equal stamp proves "unchanged" only when it was taken well after the last
 * change: {@link #settledBefore} is the "racily clean" rule git uses for its index. A cache trusts a
 * stamp only when settled, and reads the file again otherwise.
 */
public record FileStamp(Object fileKey, long size, long modifiedNanos, long changedNanos) {

    private static final String UNIX_ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";
    private static volatile boolean unixView = true;

    /** The stamp of path now; empty when it does not exist. */
    public static Optional<FileStamp> of(Path path) throws IOException {
        try {
            if (unixView) {
                try {
                    Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES); // one stat(2)
                    return Optional.of(new FileStamp(List.of(a.get("dev"), a.get("ino")), (Long) a.get("size"),
                            nanos(a.get("lastModifiedTime")), nanos(a.get("ctime"))));
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    unixView = false; // not a Unix JDK: the basic view still has a file key on most platforms
                }
            }
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            long modified = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return Optional.of(new FileStamp(a.fileKey(), a.size(), modified, modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * True when this stamp's last change lies more than margin before the instant: any later change then
     * carries a later time, so an equal stamp taken after that instant really means "unchanged". The margin
     * covers timestamp granularity and the clock difference between this host and the file server.
     */
    public boolean settledBefore(Instant instant, Duration margin) {
        long latest = Math.max(modifiedNanos, changedNanos);
        Instant last = Instant.ofEpochSecond(0, latest);
        return last.plus(margin).isBefore(instant);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
