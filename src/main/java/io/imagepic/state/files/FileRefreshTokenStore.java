package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;

/**
 * Refresh-token families as {@code refresh-tokens/<family id>/<version>} (the layout of the release before), in
 * memory: a rotation is checked and written under the store's lock, so of two with one token exactly one rotates.
 */
final class FileRefreshTokenStore implements RefreshTokenStore {

    private record Entry(long version, RefreshFamily family) {
    }

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, Entry> families = new ConcurrentHashMap<>();

    FileRefreshTokenStore(Path dir, ObjectMapper json) throws IOException {
        this.dir = dir;
        this.json = json;
        Files.createDirectories(dir);
        Fs.removeTempFiles(dir);
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path keyDir : keys) {
                String id = Names.decode(keyDir.getFileName().toString());
                var current = id == null ? null : VersionFiles.read(keyDir).orElse(null);
                if (current != null && !current.deleted()) {
                    families.put(id, new Entry(current.version(), json.readValue(current.bytes(), RefreshFamily.class)));
                } else if (current != null) {
                    Fs.deleteDirectory(keyDir); // ended under the earlier release
                }
            }
        }
    }

    @Override
    public synchronized boolean create(RefreshFamily family) {
        if (families.containsKey(family.id())) {
            return false;
        }
        write(family.id(), 1 + highest(family.id()), family);
        return true;
    }

    /** Every family held. */
    List<RefreshFamily> all() {
        return families.values().stream().map(Entry::family).toList();
    }

    @Override
    public Optional<RefreshFamily> find(String id) {
        Entry e = families.get(id);
        return e == null ? Optional.empty() : Optional.of(e.family());
    }

    @Override
    public synchronized Rotation rotate(String id, String presentedHash, String nextHash, Instant now, Instant newExpiry) {
        Entry e = families.get(id);
        if (e == null || e.family().expiredAt(now)) {
            return new Rotation(Outcome.UNKNOWN, e == null ? null : e.family());
        }
        RefreshFamily family = e.family();
        if (family.currentHash().equals(presentedHash)) {
            RefreshFamily next = family.rotated(nextHash, now, newExpiry);
            write(id, e.version() + 1, next);
            return new Rotation(Outcome.ROTATED, next);
        }
        if (family.usedHashes().contains(presentedHash)) {
            delete(id); // the whole family ends
            return new Rotation(Outcome.REUSED, null);
        }
        return new Rotation(Outcome.UNKNOWN, family);
    }

    @Override
    public synchronized boolean revoke(String id) {
        return delete(id);
    }

    @Override
    public synchronized int revokeAll(String userId) {
        int ended = 0;
        for (Entry e : List.copyOf(families.values())) {
            if (e.family().userId().equals(userId) && delete(e.family().id())) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public synchronized int sweep(Instant now) {
        int dropped = 0;
        for (Entry e : List.copyOf(families.values())) {
            if (e.family().expiredAt(now) && delete(e.family().id())) {
                dropped++;
            }
        }
        return dropped;
    }

    private void write(String id, long version, RefreshFamily family) {
        Path keyDir = dir.resolve(Names.encode(id));
        try {
            VersionFiles.write(keyDir, version, json.writeValueAsBytes(family));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write " + keyDir, x);
        }
        families.put(id, new Entry(version, family));
    }

    private boolean delete(String id) {
        if (families.remove(id) == null) {
            return false;
        }
        try {
            Fs.deleteDirectory(dir.resolve(Names.encode(id)));
        } catch (IOException x) {
            throw new UncheckedIOException("cannot delete session " + id, x);
        }
        return true;
    }

    private long highest(String id) {
        try {
            return VersionFiles.highest(dir.resolve(Names.encode(id)));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
