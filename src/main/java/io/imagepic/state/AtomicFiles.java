package io.imagepic.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Crash-safe small files for the service's state on the shared volume (accounts, keys, service tokens,
 * bucket policies, webhooks): write a temp file, fsync, then rename (replace) or hard-link (exclusive
 * create), then fsync the directory. A crash leaves the old or the new file, never a torn one; at worst a
 * temp file, which {@link #removeTempFiles} deletes once it is too old to be another replica's write in
 * flight. The stores in this package ({@link EntityStore}, {@link VersionedStore}, {@link ClaimSet}) build on
 * the same calls.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Creates target with these bytes unless it exists; exclusive even across processes sharing the directory. */
    public static boolean createExclusively(Path target, byte[] bytes) throws IOException {
        return Fs.createExclusively(target, bytes);
    }

    /** Replaces target (or creates it) atomically. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Fs.replace(target, bytes);
    }

    /**
     * Deletes the temp files a crash left in dir; returns how many. Only those older than
     * {@link TempFiles#DEFAULT_MAX_AGE}: a younger one may be another replica's write in progress.
     */
    public static int removeTempFiles(Path dir) throws IOException {
        return TempFiles.removeStale(dir, TempFiles.DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /** Writes the bytes to a fsynced, owner-only temp file beside target (for tests that simulate a crash). */
    public static Path writeTemp(Path target, byte[] bytes) throws IOException {
        return Fs.writeTemp(target.getParent(), target.getFileName().toString(), bytes);
    }

    /** Deletes target if present, durably. */
    public static void delete(Path target) throws IOException {
        Fs.delete(target);
    }

    /** Makes a rename, link or delete in dir durable. */
    public static void syncDirectory(Path dir) {
        Fs.syncDirectory(dir);
    }
}
