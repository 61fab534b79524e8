package io.imagepic.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One file per entity, {@code <prefix><encoded id><suffix>} in one directory that replicas share (and that
 * may hold other kinds of files too). A new entity is created exclusively (link(2): of two replicas
 * creating the same id, one wins), a change replaces the whole file (rename(2)), and readers see every
 * change at their next read: {@link #get} checks the file's stamp, {@link #all} the directory's.
 *
 * <p>
 * {@link #put} replaces blindly: fine for entities that only one party changes, or whose changes do not
 * depend on their previous value. An entity changed by read-modify-write from several replicas belongs in
 * a {@link VersionedStore}. Blocking: call from worker threads. Thread-safe.
 */
public final class EntityStore<T> {

    /** Past this many decoded entities the per-entity cache starts afresh (it only saves decoding). */
    private static final int MAX_CACHED = 10_000;

    private final Path dir;
    private final String prefix;
    private final String suffix;
    private final Codec<T> codec;
    private final Clock clock;
    private final Duration margin;
    private final Map<String, CachedFile<T>> files = new ConcurrentHashMap<>();
    private volatile Listing<T> listing;

    private record Listing<T>(FileStamp dirStamp, Instant readAt, Map<String, T> entities) {
    }

    public EntityStore(Path dir, String prefix, String suffix, Codec<T> codec, Clock clock) {
        this(dir, prefix, suffix, codec, clock, StateDefaults.SETTLE_MARGIN);
    }

    public EntityStore(Path dir, String prefix, String suffix, Codec<T> codec, Clock clock, Duration margin) {
        this.dir = dir.toAbsolutePath();
        this.prefix = prefix;
        this.suffix = suffix;
        this.codec = codec;
        this.clock = clock;
        this.margin = margin;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + this.dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The entity as stored now; empty when there is none. */
    public Optional<T> get(String id) {
        return cached(id).get();
    }

    /** Stores a new entity; false (and nothing written) when one with this id exists, made by anyone. */
    public boolean create(String id, T value) {
        Path file = file(id);
        try {
            return Fs.createExclusively(file, encode(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        } finally {
            forget(id);
        }
    }

    /** Creates or replaces the entity in one step: readers see the old or the new file, never a mix. */
    public void put(String id, T value) {
        Path file = file(id);
        try {
            Fs.replace(file, encode(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            forget(id);
        }
    }

    /** Removes the entity; false when there was none. */
    public boolean delete(String id) {
        Path file = file(id);
        try {
            return Fs.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        } finally {
            forget(id);
        }
    }

    /** The ids stored now, sorted. */
    public List<String> ids() {
        return List.copyOf(all().keySet());
    }

    /**
     * Every entity stored now, by id (sorted). Costs one stat of the directory while nothing changed: any
     * create, replace or delete changes the directory, and then it is listed and the changed files read.
     */
    public Map<String, T> all() {
        try {
            for (int i = 0; i < 10; i++) {
                FileStamp before = FileStamp.of(dir).orElseThrow(() -> new NoSuchFileException(dir.toString()));
                Listing<T> known = listing;
                if (known != null && known.dirStamp.equals(before) && before.settledBefore(known.readAt, margin)) {
                    return known.entities;
                }
                Instant readAt = clock.instant();
                Map<String, T> entities = new TreeMap<>();
                for (String id : listIds()) {
                    cached(id).get().ifPresent(v -> entities.put(id, v));
                }
                if (before.equals(FileStamp.of(dir).orElse(null))) {
                    Map<String, T> view = Collections.unmodifiableMap(entities);
                    listing = new Listing<>(before, readAt, view);
                    return view;
                }
                // changed while we listed: list again
            }
            throw new IOException("directory keeps changing while being listed");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private List<String> listIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
            for (Path p : names) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !name.startsWith(prefix) || !name.endsWith(suffix)
                        || name.length() <= prefix.length() + suffix.length()) {
                    continue; // temp files, NFS silly-renames, other kinds of files
                }
                String id = Names.decode(name.substring(prefix.length(), name.length() - suffix.length()));
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private CachedFile<T> cached(String id) {
        Path file = file(id);
        if (files.size() >= MAX_CACHED) {
            files.clear();
        }
        return files.computeIfAbsent(id, k -> new CachedFile<>(file, codec, clock, margin));
    }

    private void forget(String id) {
        CachedFile<T> f = files.remove(id);
        if (f != null) {
            f.invalidate();
        }
        listing = null;
    }

    private byte[] encode(T value) throws IOException {
        return codec.encode(value);
    }

    private Path file(String id) {
        return dir.resolve(prefix + Names.encode(id) + suffix);
    }
}
