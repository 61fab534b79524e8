package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One file per entity, {@code <prefix><encoded id><suffix>} in one directory (which may hold other kinds of files
 * too), all of it in memory: read once at start, then every change written through before the call returns. Reads
 * never touch the disk. Changes are serialised by the map itself (it is the directory's only writer).
 */
final class FileMap<T> {

    private static final Logger LOG = Logger.getLogger(FileMap.class);

    private final Path dir;
    private final String prefix;
    private final String suffix;
    private final ObjectMapper json;
    private final Class<T> type;
    private final Map<String, T> entries = new ConcurrentHashMap<>();

    FileMap(Path dir, String prefix, String suffix, ObjectMapper json, Class<T> type) throws IOException {
        this.dir = dir;
        this.prefix = prefix;
        this.suffix = suffix;
        this.json = json;
        this.type = type;
        Files.createDirectories(dir);
        Fs.removeTempFiles(dir);
        try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
            for (Path p : names) {
                String id = idOf(p.getFileName().toString());
                if (id != null) {
                    try {
                        entries.put(id, json.readValue(Fs.read(p), type));
                    } catch (IOException e) {
                        LOG.errorf("skipping unreadable %s: %s", p, e.getMessage());
                    }
                }
            }
        }
    }

    Path dir() {
        return dir;
    }

    Optional<T> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    Collection<T> values() {
        return entries.values();
    }

    Map<String, T> view() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    int size() {
        return entries.size();
    }

    /** False (nothing written) when the id exists. */
    synchronized boolean create(String id, T value) {
        if (entries.containsKey(id)) {
            return false;
        }
        try {
            if (!Fs.createExclusively(file(id), json.writeValueAsBytes(value))) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file(id), e);
        }
        entries.put(id, value);
        return true;
    }

    synchronized void put(String id, T value) {
        try {
            Fs.replace(file(id), json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(id), e);
        }
        entries.put(id, value);
    }

    /** False when there was no such entity. */
    synchronized boolean delete(String id) {
        if (!entries.containsKey(id)) {
            return false;
        }
        try {
            Fs.delete(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(id), e);
        }
        entries.remove(id);
        return true;
    }

    private String idOf(String name) {
        if (name.startsWith(".") || !name.startsWith(prefix) || !name.endsWith(suffix)
                || name.length() <= prefix.length() + suffix.length()) {
            return null; // temp files, other kinds of files
        }
        return Names.decode(name.substring(prefix.length(), name.length() - suffix.length()));
    }

    private Path file(String id) {
        return dir.resolve(prefix + Names.encode(id) + suffix);
    }
}
