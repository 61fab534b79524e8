package io.imagepic.notification;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

/** Crash-safe small files: temp file, fsync, rename, fsync of the directory. A crash leaves old or new, never torn. */
final class DurableFiles {

    static final String TEMP_PREFIX = ".tmp-";

    private DurableFiles() {
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                restrict(temp); // secrets inside: owner only
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
        }
    }

    /** Temp files a crash left behind. */
    static void removeTempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing better to do
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories; the rename is still atomic
        }
    }
}
