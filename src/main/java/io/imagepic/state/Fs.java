package io.imagepic.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * The few system calls the shared volume is trusted with (NFS 4.1 gives each of them atomically, and its
 * sessions answer a retransmitted request from the reply cache instead of running it twice): create a
 * fully written temp file, then link(2) it to its name (fails when the name exists) or rename(2) it over
 * its name; rename an existing name to another. Temp files start with a dot and end with {@link #TEMP_SUFFIX}.
 */
final class Fs {

    static final String TEMP_SUFFIX = ".tmp";

    private Fs() {
    }

    /** A fsynced, owner-only temp file in dir, named after the file it is for. */
    static Path writeTemp(Path dir, String forName, byte[] bytes) throws IOException {
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

    /** Gives temp the name target unless target exists; true when it did. The temp file stays (delete it). */
    static boolean link(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            // A lost reply whose retry found our own link still means we created it.
            if (!isSameFile(temp, target)) {
                return false;
            }
        }
        syncDirectory(target.getParent());
        return true;
    }

    /** Creates target with these bytes unless it exists, never showing a partly written file. */
    static boolean createExclusively(Path target, byte[] bytes) throws IOException {
        Path temp = writeTemp(target.getParent(), target.getFileName().toString(), bytes);
        try {
            return link(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces (or creates) target with these bytes in one step. */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path temp = writeTemp(target.getParent(), target.getFileName().toString(), bytes);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames from to a name nobody else uses (it carries this replica's id); false when from is gone, i.e.
     * someone else renamed or deleted it first. Of several replicas renaming one name, exactly one succeeds.
     */
    static boolean renameAway(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (!Files.exists(to)) {
                return false;
            }
            // a lost reply whose retry no longer found the source: the rename was ours
        }
        syncDirectory(to.getParent());
        return true;
    }

    /** Deletes target; false when it was not there. */
    static boolean delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
            return true;
        }
        return false;
    }

    static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Makes a rename, link or delete in dir durable. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
