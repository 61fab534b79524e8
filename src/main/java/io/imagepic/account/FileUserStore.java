package io.imagepic.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.AtomicFiles;

/**
 * The seed's file store, made crash-safe: {@code auth_<phone>.json} per user in one directory, which
 * several replicas may share (e.g. a PersistentVolumeClaim). Blocking: call it from a worker thread.
 */
public class FileUserStore implements UserStore {

    private static final Logger LOG = Logger.getLogger(FileUserStore.class);
    private static final Pattern SAFE_KEY = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final Path dir;
    private final ObjectMapper json;

    public FileUserStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
            int removed = AtomicFiles.removeTempFiles(dir);
            if (removed > 0) {
                LOG.infof("user store %s: removed %d temp file(s) left by an interrupted write", dir, removed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the user store " + dir, e);
        }
    }

    @Override
    public Optional<User> find(String phone) {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(file(phone)), User.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the account of " + phone, e);
        }
    }

    @Override
    public boolean create(User user) {
        try {
            return AtomicFiles.createExclusively(file(user.phone()), json.writeValueAsBytes(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the account of " + user.phone(), e);
        }
    }

    @Override
    public void update(User user) {
        try {
            AtomicFiles.replace(file(user.phone()), json.writeValueAsBytes(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the account of " + user.phone(), e);
        }
    }

    private Path file(String phone) {
        if (phone == null || !SAFE_KEY.matcher(phone).matches()) {
            throw new IllegalArgumentException("not a valid store key"); // never a path outside the directory
        }
        return dir.resolve("auth_" + phone + ".json");
    }
}
