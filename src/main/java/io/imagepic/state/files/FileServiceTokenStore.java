package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.ServiceToken;
import io.imagepic.state.ServiceTokenStore;
import io.imagepic.state.StateChange;
import io.smallrye.mutiny.Uni;

/**
 * {@code svc_<id>.json} (created once; rewritten, atomically, only to take a removed bucket out of its allow-list) and
 * {@code svc_<id>.used}, an empty file whose modification
 * time is the last use, in the state directory. Revocation deletes both.
 */
final class FileServiceTokenStore implements ServiceTokenStore {

    private static final Logger LOG = Logger.getLogger(FileServiceTokenStore.class);
    private static final Pattern DOC = Pattern.compile("svc_([0-9a-f]{16})\\.json");
    private static final Pattern USED = Pattern.compile("svc_([0-9a-f]{16})\\.used");

    private final Path dir;
    private final ObjectMapper json;
    private final LocalStateChanges changes;
    private final Executor background;
    private final Map<String, ServiceToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    FileServiceTokenStore(Path dir, ObjectMapper json, LocalStateChanges changes, Executor background) throws IOException {
        this.dir = dir;
        this.json = json;
        this.changes = changes;
        this.background = background;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "svc_*")) {
            for (Path p : files) {
                Matcher m = DOC.matcher(p.getFileName().toString());
                if (m.matches()) {
                    tokens.put(m.group(1), json.readValue(Fs.read(p), ServiceToken.class));
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "svc_*.used")) {
            for (Path p : files) {
                Matcher m = USED.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (!tokens.containsKey(m.group(1))) {
                    Files.deleteIfExists(p); // its token is gone (a crash between the two deletions or creations)
                    continue;
                }
                long millis = Files.getLastModifiedTime(p).toMillis();
                if (millis > 0) {
                    used.put(m.group(1), Instant.ofEpochMilli(millis));
                }
            }
        }
    }

    @Override
    public Uni<Optional<ServiceToken>> find(String id) {
        return Uni.createFrom().item(Optional.ofNullable(id == null ? null : tokens.get(id)));
    }

    @Override
    public boolean create(ServiceToken token) {
        synchronized (this) {
            if (tokens.containsKey(token.id())) {
                return false;
            }
            try {
                Path usedFile = used(token.id());
                Files.deleteIfExists(usedFile);
                Files.createFile(usedFile); // first: a token document never lacks its last-use file
                Files.setLastModifiedTime(usedFile, FileTime.fromMillis(0)); // never used
                if (!Fs.createExclusively(doc(token.id()), json.writeValueAsBytes(token))) {
                    return false;
                }
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store service token " + token.id(), e);
            }
            tokens.put(token.id(), token);
        }
        changes.publish(new StateChange.TokenChanged(token.id()));
        return true;
    }

    @Override
    public List<ServiceToken> list() {
        return List.copyOf(tokens.values());
    }

    @Override
    public List<String> removeBucket(String bucket) {
        List<String> changed = new ArrayList<>();
        synchronized (this) {
            for (ServiceToken t : tokens.values()) {
                if (t.buckets() == null || !t.buckets().contains(bucket)) {
                    continue;
                }
                ServiceToken next = t.withBuckets(t.buckets().stream().filter(b -> !b.equals(bucket)).toList());
                try {
                    Fs.replace(doc(t.id()), json.writeValueAsBytes(next)); // atomic: the old list or the new one
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot store service token " + t.id(), e);
                }
                tokens.put(t.id(), next);
                changed.add(t.id());
            }
        }
        changed.forEach(id -> changes.publish(new StateChange.TokenChanged(id)));
        return changed;
    }

    @Override
    public boolean delete(String id) {
        synchronized (this) {
            if (tokens.remove(id) == null) {
                return false;
            }
            used.remove(id);
            try {
                Files.deleteIfExists(doc(id));
                Files.deleteIfExists(used(id));
                Fs.syncDirectory(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot revoke service token " + id, e);
            }
        }
        changes.publish(new StateChange.TokenChanged(id));
        return true;
    }

    @Override
    public void recordUse(String id, Instant when) {
        if (!tokens.containsKey(id)) {
            return;
        }
        used.put(id, when);
        try {
            background.execute(() -> touch(id, when));
        } catch (RejectedExecutionException e) {
            // stopping: the last use of this moment is not worth holding the stop
        }
    }

    @Override
    public Map<String, Instant> lastUsed() {
        return Map.copyOf(used);
    }

    private void touch(String id, Instant when) {
        try {
            if (tokens.containsKey(id)) {
                Files.setLastModifiedTime(used(id), FileTime.from(when));
            }
        } catch (NoSuchFileException e) {
            // revoked meanwhile: setting a time on a deleted file fails, it never comes back
        } catch (IOException e) {
            LOG.warnf("cannot record the last use of service token %s: %s", id, e.getMessage());
        }
    }

    private Path doc(String id) {
        return dir.resolve("svc_" + checked(id) + ".json");
    }

    private Path used(String id) {
        return dir.resolve("svc_" + checked(id) + ".used");
    }

    private static String checked(String id) {
        if (id == null || !id.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("not a service token id"); // never a path outside the directory
        }
        return id;
    }
}
