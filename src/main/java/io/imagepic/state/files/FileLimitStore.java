package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Attempts;
import io.imagepic.state.LimitStore;
import io.imagepic.state.Versioned;

/**
 * {@code limits/<key>/<version>}: each key's record, in memory. Versions come from one counter for the whole store
 * and are never handed out twice, not even after a key was deleted and its directory removed: the highest number
 * ever used is kept in {@code limits/.versions}, written before a directory goes.
 */
final class FileLimitStore implements LimitStore {

    private static final String HIGH_WATER = ".versions";

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, Versioned<Attempts>> records = new ConcurrentHashMap<>();
    private long highest;

    FileLimitStore(Path dir, ObjectMapper json) throws IOException {
        this.dir = dir;
        this.json = json;
        Files.createDirectories(dir);
        Fs.removeTempFiles(dir);
        try {
            highest = Long.parseLong(new String(Fs.read(dir.resolve(HIGH_WATER)), StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            highest = 0;
        }
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path keyDir : keys) {
                String key = Names.decode(keyDir.getFileName().toString());
                var current = key == null ? null : VersionFiles.read(keyDir).orElse(null);
                if (current == null) {
                    continue;
                }
                highest = Math.max(highest, current.version());
                if (current.deleted()) {
                    Fs.deleteDirectory(keyDir); // a deletion of an earlier release, kept for its writers
                } else {
                    records.put(key, new Versioned<>(current.version(), json.readValue(current.bytes(), Attempts.class)));
                }
            }
        }
    }

    @Override
    public Versioned<Attempts> read(String key) {
        return records.getOrDefault(key, new Versioned<>(0, null));
    }

    @Override
    public synchronized boolean compareAndSet(String key, long expectedVersion, Attempts value) {
        if (read(key).version() != expectedVersion) {
            return false;
        }
        Path keyDir = dir.resolve(Names.encode(key));
        try {
            if (value == null) {
                if (expectedVersion != 0) {
                    keepHighWater();
                    Fs.deleteDirectory(keyDir);
                    records.remove(key);
                }
                return true;
            }
            long version = ++highest;
            VersionFiles.write(keyDir, version, json.writeValueAsBytes(value));
            records.put(key, new Versioned<>(version, value));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + keyDir, e);
        }
    }

    @Override
    public int sweep(Instant now) {
        int deleted = 0;
        for (Map.Entry<String, Versioned<Attempts>> e : List.copyOf(records.entrySet())) {
            if (e.getValue().value().forgottenAt(now) && compareAndSet(e.getKey(), e.getValue().version(), null)) {
                deleted++;
            }
        }
        return deleted;
    }

    private void keepHighWater() throws IOException {
        Fs.replace(dir.resolve(HIGH_WATER), Long.toString(highest).getBytes(StandardCharsets.US_ASCII));
    }
}
