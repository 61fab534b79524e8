package io.imagepic.token;

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
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AtomicFiles;

/**
 * Service tokens in the user store directory, next to the accounts and with the same crash-safe writes:
 * {@code svc_<id>.json} (created exclusively, never rewritten) and {@code svc_<id>.used}, an empty file whose
 * modification time is the last use. Revocation deletes both. Touching the last-use file cannot bring a
 * revoked token back: setting a time on a deleted file fails. Blocking: call it from a worker thread.
 */
public class ServiceTokenStore {

    private static final Logger LOG = Logger.getLogger(ServiceTokenStore.class);
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final String PREFIX = "svc_";
    private static final String DOC = ".json";
    private static final String USED = ".used";

    private final Path dir;
    private final ObjectMapper json;

    public ServiceTokenStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
            removeOrphans();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the service token store " + dir, e);
        }
    }

    public Optional<ServiceToken> find(String id) {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(doc(id)), ServiceToken.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service token " + id, e);
        }
    }

    /** False when the id is taken (by this or another replica). */
    public boolean create(ServiceToken token) {
        try {
            Path used = used(token.id());
            Files.createFile(used); // first: a token document never lacks its last-use file
            Files.setLastModifiedTime(used, FileTime.fromMillis(0)); // never used
            return AtomicFiles.createExclusively(doc(token.id()), json.writeValueAsBytes(token));
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store service token " + token.id(), e);
        }
    }

    public List<ServiceToken> list() {
        List<ServiceToken> tokens = new ArrayList<>();
        try (DirectoryStream<Path> docs = Files.newDirectoryStream(dir, PREFIX + "*" + DOC)) {
            for (Path p : docs) {
                String id = idOf(p, DOC);
                if (id != null) {
                    find(id).ifPresent(tokens::add); // gone meanwhile: revoked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list service tokens", e);
        }
        return tokens;
    }

    /** False when there was no such token. */
    public boolean delete(String id) {
        try {
            boolean existed = Files.deleteIfExists(doc(id));
            Files.deleteIfExists(used(id));
            AtomicFiles.syncDirectory(dir);
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot revoke service token " + id, e);
        }
    }

    /** Records a use; does nothing for a token revoked meanwhile. */
    public void touch(String id, Instant when) {
        try {
            Files.setLastModifiedTime(used(id), FileTime.from(when));
        } catch (NoSuchFileException e) {
            // revoked between the look-up and now
        } catch (IOException e) {
            LOG.warnf("cannot record the last use of service token %s: %s", id, e.getMessage());
        }
    }

    public Optional<Instant> lastUsed(String id) {
        try {
            long millis = Files.getLastModifiedTime(used(id)).toMillis();
            return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Last-use files whose token is gone (a crash between the two deletions or creations). */
    private void removeOrphans() throws IOException {
        try (DirectoryStream<Path> used = Files.newDirectoryStream(dir, PREFIX + "*" + USED)) {
            for (Path p : used) {
                String id = idOf(p, USED);
                if (id != null && !Files.exists(doc(id))
                        && Files.getLastModifiedTime(p).toMillis() > 0) { // a fresh one may be mid-creation
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String idOf(Path p, String suffix) {
        String name = p.getFileName().toString();
        String id = name.substring(PREFIX.length(), name.length() - suffix.length());
        return ID.matcher(id).matches() ? id : null;
    }

    private Path doc(String id) {
        return dir.resolve(PREFIX + checked(id) + DOC);
    }

    private Path used(String id) {
        return dir.resolve(PREFIX + checked(id) + USED);
    }

    private static String checked(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a service token id"); // never a path outside the directory
        }
        return id;
    }
}
