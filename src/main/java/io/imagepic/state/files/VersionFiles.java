package io.imagepic.state.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The versioned-key layout of the previous releases, still the format on disk: a key is a directory of version files
 * {@code 0000000000000000007}, the highest one current, a zero-length one a deletion. With one writer, a change
 * writes the next version and removes the older ones; readers never see a key without a current version.
 */
final class VersionFiles {

    private static final Pattern VERSION = Pattern.compile("[0-9]{19}");

    /** A key's current version and bytes (empty bytes: deleted). */
    record Current(long version, byte[] bytes) {
        boolean deleted() {
            return bytes.length == 0;
        }
    }

    private VersionFiles() {
    }

    /** The key's current version, crash leftovers removed on the way; empty when it has none. */
    static Optional<Current> read(Path keyDir) throws IOException {
        long highest = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyDir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (VERSION.matcher(name).matches()) {
                    highest = Math.max(highest, Long.parseLong(name));
                } else if (Fs.isTemp(name)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (highest == 0) {
            return Optional.empty();
        }
        return Optional.of(new Current(highest, Fs.read(file(keyDir, highest))));
    }

    /** The highest version on disk, a deletion included; 0 when none. */
    static long highest(Path keyDir) throws IOException {
        return read(keyDir).map(Current::version).orElse(0L);
    }

    /** Writes version (above every earlier one) and removes the earlier ones. */
    static void write(Path keyDir, long version, byte[] bytes) throws IOException {
        if (!Fs.createExclusively(file(keyDir, version), bytes)) {
            throw new IOException("version " + version + " of " + keyDir + " exists already");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyDir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (VERSION.matcher(name).matches() && Long.parseLong(name) < version) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Path file(Path keyDir, long version) {
        return keyDir.resolve(String.format("%019d", version));
    }
}
