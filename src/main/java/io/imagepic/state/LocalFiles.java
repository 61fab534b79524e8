package io.imagepic.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Files that are this replica's own, whatever the backend (e.g. the key files smallrye-jwt reads): written as an
 * owner-only temp file, fsynced, and renamed into place, so a reader never sees half a file.
 */
public final class LocalFiles {

    /** Temp files are dot-files ending in this; a crash may leave one behind. */
    public static final String TEMP_SUFFIX = ".tmp";

    private LocalFiles() {
    }

    /** Replaces (or creates) target with these bytes in one step (0600 where the file system has permissions). */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = writeTemp(dir, target.getFileName().toString(), bytes);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A fsynced, owner-only temp file in dir, named after the file it is for. */
    public static Path writeTemp(Path dir, String forName, byte[] bytes) throws IOException {
        Path temp = dir.resolve("." + forName + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Makes a rename, link or delete in dir durable. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }
}
