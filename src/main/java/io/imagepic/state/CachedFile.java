package io.imagepic.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One file that other replicas may replace at any time, decoded once per version: every {@link #get} looks
 * at the file's {@link FileStamp} and decodes again only when the file changed. No timer: the check is
 * made on every read, so a change made through any replica shows in the next read everywhere.
 *
 * <p>
 * The stamp is taken before and after opening the file and must agree: on NFS, opening a file is what
 * revalidates the client's cached attributes (close-to-open consistency), and two agreeing stamps around
 * the open prove the open file is the one the stamp describes. Blocking; thread-safe.
 */
public final class CachedFile<T> {

    private static final int MAX_TRIES = 10;

    private final Path path;
    private final Codec<T> codec;
    private final Clock clock;
    private final Duration margin;
    private volatile Snapshot<T> snapshot;

    private record Snapshot<T>(FileStamp stamp, T value, Instant readAt) {
    }

    public CachedFile(Path path, Codec<T> codec, Clock clock, Duration margin) {
        this.path = path;
        this.codec = codec;
        this.clock = clock;
        this.margin = margin;
    }

    public Path path() {
        return path;
    }

    /** The file's current content, decoded; empty when the file does not exist. */
    public Optional<T> get() {
        try {
            for (int i = 0; i < MAX_TRIES; i++) {
                Optional<FileStamp> before = FileStamp.of(path);
                if (before.isEmpty()) {
                    snapshot = null;
                    return Optional.empty();
                }
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    Optional<FileStamp> after = FileStamp.of(path);
                    if (!before.equals(after)) {
                        continue; // replaced meanwhile, or the client's attributes were stale: look again
                    }
                    FileStamp stamp = after.get();
                    Snapshot<T> known = snapshot;
                    if (known != null && known.stamp.equals(stamp) && stamp.settledBefore(known.readAt, margin)) {
                        return Optional.of(known.value);
                    }
                    Instant readAt = clock.instant();
                    T value = codec.decode(readAll(ch));
                    snapshot = new Snapshot<>(stamp, value, readAt);
                    return Optional.of(value);
                } catch (NoSuchFileException e) {
                    // deleted between the stamp and the open: look again
                }
            }
            throw new IOException("file keeps changing while being read: " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Forgets the decoded copy (after this replica wrote the file itself). */
    public void invalidate() {
        snapshot = null;
    }

    static byte[] readAll(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("file too large for a state document");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // read to the end of the size seen at open; files are never written in place
        }
        return buf.array();
    }
}
