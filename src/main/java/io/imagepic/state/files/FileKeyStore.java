package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.imagepic.state.SigningKeyStore;

/** Each key as the file of its name under the state directory, e.g. {@code jwt/privateKey.pem} (0600). */
final class FileKeyStore implements SigningKeyStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private final Path dir;

    FileKeyStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized byte[] getOrCreate(String name, Supplier<byte[]> generator) {
        Path file = file(name);
        try {
            if (!Files.exists(file)) {
                Fs.removeTempFiles(file.getParent());
                Fs.createExclusively(file, generator.get());
            }
            return Fs.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key " + file, e);
        }
    }

    @Override
    public Optional<byte[]> find(String name) {
        try {
            return Optional.of(Fs.read(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key " + name, e);
        }
    }

    @Override
    public List<String> names(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? dir : file(prefix.substring(0, slash));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        // only below the prefix's own directory: the state directory holds much else (an account per directory)
        try (Stream<Path> files = slash < 0 ? Files.list(base) : Files.walk(base)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.startsWith(prefix) && NAME.matcher(n).matches() && !Fs.isTemp(n)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Path file(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("not a key name: " + name);
        }
        return dir.resolve(name);
    }
}
