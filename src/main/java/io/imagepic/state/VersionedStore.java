package io.imagepic.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Documents that several replicas change by read-modify-write (counters, records with several writers),
 * without lost updates and without locks: each key is a directory of immutable version files
 * {@code 0000000000000000007}; the highest number is the current value. A change from version n is
 * committed by creating version n+1 exclusively (link(2)), the compare-and-swap the volume gives: of two
 * replicas that both read n, one creates n+1 and the other fails, reads again and reapplies its change.
 *
 * <p>
 * Why versions instead of a lock file: a lock holder that stalls (a long GC pause, a slow NFS server)
 * past the stale-lock timeout loses its lock but still writes afterwards, overwriting the next holder's
 * change; and a crash between taking and releasing a lock leaves every other writer waiting for the
 * timeout. Here the commit itself is the atomic step, so a stalled writer simply fails its commit, and a
 * crashed writer leaves at worst a temp file.
 *
 * <p>
 * Every attempt gives up once it took longer than the operation limit (default 10 s), and older versions
 * are deleted only once older than twice that limit: so a version a writer read is still there when it tries
 * to create the next number, and that number cannot be "free again" because its file was cleaned up. (A
 * writer stalled right inside its commit, between that check and its link(2), still cannot resurrect a number:
 * it compares its file's change time with the next higher version's and withdraws.) A deleted key is a
 * zero-length version (a tombstone), removed with its directory by {@link #purge} once older than the purge
 * age (default 1 h), far beyond the operation limit.
 *
 * <p>
 * Reads list the key's directory and decode only a version not seen before (versions never change).
 * Blocking: call from worker threads. Thread-safe.
 */
public final class VersionedStore<T> {

    private static final Pattern VERSION = Pattern.compile("[0-9]{19}");
    private static final byte[] TOMBSTONE = new byte[0];
    private static final int MAX_CACHED = 10_000;

    /** A key's current value (null when deleted or never written) and version (0 when never written). */
    public record Versioned<T>(long version, T value) {
        public Optional<T> optional() {
            return Optional.ofNullable(value);
        }
    }

    /** Tuning; the defaults suit documents changed a few times a second at most. */
    public record Options(int maxAttempts, Duration maxOperation, Duration purgeAge) {
        public static final Options DEFAULTS = new Options(200, Duration.ofSeconds(10), Duration.ofHours(1));

        public Options {
            if (purgeAge.compareTo(maxOperation.multipliedBy(10)) < 0) {
                throw new IllegalArgumentException("purgeAge must be at least 10 x maxOperation");
            }
        }
    }

    private final Path dir;
    private final Codec<T> codec;
    private final Clock clock;
    private final Options options;
    private final Map<String, Versioned<T>> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Versioned<T>> eldest) {
            return size() > MAX_CACHED;
        }
    });

    public VersionedStore(Path dir, Codec<T> codec, Clock clock) {
        this(dir, codec, clock, Options.DEFAULTS);
    }

    public VersionedStore(Path dir, Codec<T> codec, Clock clock, Options options) {
        this.dir = dir.toAbsolutePath();
        this.codec = codec;
        this.clock = clock;
        this.options = options;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + this.dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Optional<T> get(String key) {
        return read(key).optional();
    }

    /** The current version of key. */
    public Versioned<T> read(String key) {
        Path keyDir = keyDir(key);
        try {
            for (int i = 0; i < options.maxAttempts(); i++) {
                long version = highestVersion(keyDir);
                if (version == 0) {
                    return new Versioned<>(0, null);
                }
                Versioned<T> known = cache.get(key);
                if (known != null && known.version == version) {
                    return known;
                }
                try {
                    byte[] bytes = Files.readAllBytes(versionFile(keyDir, version));
                    Versioned<T> current = new Versioned<>(version, bytes.length == 0 ? null : codec.decode(bytes));
                    cache.put(key, current);
                    return current;
                } catch (NoSuchFileException e) {
                    // superseded and cleaned up meanwhile: list again
                }
            }
            throw new StateConflictException("key " + key + " changes faster than it can be read");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + keyDir, e);
        }
    }

    /**
     * Applies change to the current value (empty when absent) and stores the result (empty deletes the key),
     * retrying on a concurrent change until it commits; change may run several times, so it must not have
     * side effects. Answers the stored result. A change that answers the very value it was given writes nothing.
     */
    public Optional<T> update(String key, Function<Optional<T>, Optional<T>> change) {
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            Instant started = clock.instant();
            Versioned<T> current = read(key);
            Optional<T> next = change.apply(current.optional());
            if (next.isPresent() ? next.get() == current.value : current.value == null) {
                return next;
            }
            if (commit(key, current.version, next.orElse(null), started)) {
                return next;
            }
            backOff(attempt);
        }
        throw new StateConflictException("key " + key + ": gave up after " + options.maxAttempts() + " conflicting writes");
    }

    /**
     * Stores value (null deletes) as the next version if the current one is still expectedVersion; false when
     * another change came first (read again and decide again).
     */
    public boolean compareAndSet(String key, long expectedVersion, T value) {
        return commit(key, expectedVersion, value, clock.instant());
    }

    public boolean delete(String key) {
        boolean[] existed = new boolean[1];
        update(key, v -> {
            existed[0] = v.isPresent();
            return Optional.empty();
        });
        return existed[0];
    }

    /** The keys with a directory, deleted ones not yet purged included; sorted. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
            for (Path p : dirs) {
                String key = Names.decode(p.getFileName().toString());
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Collections.sort(keys);
        return keys;
    }

    /** Deletes every key whose value matches (compare-and-swap: a value changed meanwhile is tested again). */
    public int deleteIf(Predicate<T> expired) {
        int deleted = 0;
        for (String key : keys()) {
            boolean[] hit = new boolean[1];
            update(key, v -> {
                hit[0] = v.isPresent() && expired.test(v.get());
                return hit[0] ? Optional.empty() : v;
            });
            deleted += hit[0] ? 1 : 0;
        }
        return deleted;
    }

    /**
     * Removes the directories of keys deleted longer than the purge age ago, and temp files of crashed
     * writers. Any replica may run it at any time. Answers how many keys were removed.
     */
    public int purge() {
        int purged = 0;
        Instant cutoff = clock.instant().minus(options.purgeAge());
        removeLeftTrash();
        for (String key : keys()) {
            Path keyDir = keyDir(key);
            try {
                TempFiles.removeStale(keyDir, options.maxOperation().multipliedBy(2), clock);
                long version = highestVersion(keyDir);
                Path last = version == 0 ? keyDir : versionFile(keyDir, version);
                boolean deleted = version == 0 || Files.size(last) == 0;
                if (deleted && Files.getLastModifiedTime(last).toInstant().isBefore(cutoff)) {
                    // Renamed away first: a writer then finds no directory (and starts afresh) rather than
                    // a half-emptied one.
                    Path trash = dir.resolve(".purge-" + UUID.randomUUID());
                    if (Fs.renameAway(keyDir, trash)) {
                        deleteTree(trash);
                        cache.remove(key);
                        purged++;
                    }
                }
            } catch (NoSuchFileException e) {
                // purged by another replica meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot purge " + keyDir, e);
            }
        }
        return purged;
    }

    private boolean commit(String key, long base, T value, Instant started) {
        Path keyDir = keyDir(key);
        long version = base + 1;
        Path target = versionFile(keyDir, version);
        try {
            byte[] bytes = value == null ? TOMBSTONE : codec.encode(value);
            if (value != null && bytes.length == 0) {
                throw new IllegalArgumentException("a value must not encode to zero bytes (that is a deletion)");
            }
            Files.createDirectories(keyDir);
            Path temp = Fs.writeTemp(keyDir, target.getFileName().toString(), bytes);
            FileStamp created;
            try {
                if (Duration.between(started, clock.instant()).compareTo(options.maxOperation()) > 0) {
                    return false; // took too long: the version we read may be gone and its successor too
                }
                if (!Fs.link(temp, target)) {
                    return false;
                }
                created = FileStamp.of(target).orElse(null); // its change time is the link's, until the temp goes
            } finally {
                Files.deleteIfExists(temp);
            }
            if (created == null || isResurrected(keyDir, version, created)) {
                Files.deleteIfExists(target);
                return false;
            }
            cache.put(key, new Versioned<>(version, value));
            removeOldVersionsBelow(keyDir, version);
            return true;
        } catch (NoSuchFileException e) {
            return false; // the key's directory was purged meanwhile: read again
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * True when the version just created had existed before and been cleaned up, so that a higher one was
     * already there: possible only for a writer that stalled right before its link(2) for longer than old
     * versions are kept. A higher version created before ours (an earlier change time) tells; one created
     * after ours was built on ours, and ours stands.
     */
    private static boolean isResurrected(Path keyDir, long version, FileStamp ours) throws IOException {
        long above = Long.MAX_VALUE;
        for (long v : versions(keyDir)) {
            if (v > version) {
                above = Math.min(above, v);
            }
        }
        if (above == Long.MAX_VALUE) {
            return false;
        }
        Optional<FileStamp> next = FileStamp.of(versionFile(keyDir, above));
        return next.isPresent() && next.get().changedNanos() < ours.changedNanos();
    }

    /**
     * Versions below the one just committed, once older than twice the operation limit: a writer that read
     * one of them gives up before it could create the number after it again, so none is ever resurrected.
     */
    private void removeOldVersionsBelow(Path keyDir, long version) throws IOException {
        Instant cutoff = clock.instant().minus(options.maxOperation().multipliedBy(2));
        for (long v : versions(keyDir)) {
            if (v < version) {
                Path old = versionFile(keyDir, v);
                try {
                    if (Files.getLastModifiedTime(old).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(old);
                    }
                } catch (NoSuchFileException e) {
                    // removed by another writer
                }
            }
        }
    }

    private static long highestVersion(Path keyDir) throws IOException {
        long highest = 0;
        for (long v : versions(keyDir)) {
            highest = Math.max(highest, v);
        }
        return highest;
    }

    private static List<Long> versions(Path keyDir) throws IOException {
        List<Long> versions = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyDir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (VERSION.matcher(name).matches()) {
                    versions.add(Long.parseLong(name));
                }
            }
        } catch (NoSuchFileException e) {
            // never written, or purged
        }
        return versions;
    }

    /** Directories a purge renamed away but could not empty (a stalled writer's temp file landed in one). */
    private void removeLeftTrash() {
        try (DirectoryStream<Path> trash = Files.newDirectoryStream(dir, ".purge-*")) {
            for (Path p : trash) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
    }

    private static void deleteTree(Path trash) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(trash)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return; // another replica removed it
        }
        try {
            Files.deleteIfExists(trash);
        } catch (DirectoryNotEmptyException e) {
            // a stalled writer's temp file landed in it meanwhile: the next purge removes it
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1 + Math.min(50, 1L << Math.min(attempt, 6))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateConflictException("interrupted while retrying a conflicting write");
        }
    }

    private Path keyDir(String key) {
        return dir.resolve(Names.encode(key));
    }

    private static Path versionFile(Path keyDir, long version) {
        return keyDir.resolve(String.format("%019d", version));
    }
}
