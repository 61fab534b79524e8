package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.imagepic.state.LocalFiles;

/**
 * Crash-safe small files: a fully written, fsynced temp file, then link(2) to its name (an exclusive create) or
 * rename(2) over it (a replace), then fsync of the directory, before anything is acknowledged. A crash leaves the
 * old or the new file, never a torn one; at worst a temp file (a dot-file ending in {@link #TEMP_SUFFIX}), which the
 * store deletes at its next start: it is the directory's only writer, so every temp file found then is a crash's.
 */
final class Fs {

    static final String TEMP_SUFFIX = LocalFiles.TEMP_SUFFIX;

    private Fs() {
    }

    static Path writeTemp(Path dir, String forName, byte[] bytes) throws IOException {
        return LocalFiles.writeTemp(dir, forName, bytes);
    }

    /** Creates target with these bytes unless it exists (false then), never showing a partly written file. */
    static boolean createExclusively(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = writeTemp(target.getParent(), target.getFileName().toString(), bytes);
        try {
            Files.createLink(target, temp);
            syncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces (or creates) target with these bytes in one step. */
    static void replace(Path target, byte[] bytes) throws IOException {
        LocalFiles.replace(target, bytes);
    }

    /** Renames from to to in one step (to must not exist); durable. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(to.getParent());
    }

    /** Deletes target; false when it was not there. Durable. */
    static boolean delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
            return true;
        }
        return false;
    }

    /** Deletes a directory and the files in it (one level: the stores' key directories). */
    static void deleteDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
        syncDirectory(dir.getParent());
    }

    static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Deletes the temp files a crash left in dir (not below it); answers how many. */
    static int removeTempFiles(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> isTemp(p.getFileName().toString()))) {
            for (Path p : temps) {
                removed += Files.deleteIfExists(p) ? 1 : 0;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
        return removed;
    }

    static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    static void syncDirectory(Path dir) {
        LocalFiles.syncDirectory(dir);
    }
}
