package io.imagepic.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The previous release's accounts: {@code auth_<phone>.json} per user in the state directory. Read only: each is
 * taken over by {@link VersionedUserStore} the first time it is looked up, and the file is left as it was (so
 * the previous release still finds its accounts after a rollback). Blocking: call it from a worker thread.
 */
class FileUserStore {

    private static final Pattern SAFE_KEY = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final String PREFIX = "auth_";
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper json;

    FileUserStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    Optional<User> find(String phone) {
        if (phone == null || !SAFE_KEY.matcher(phone).matches()) {
            return Optional.empty(); // never a path outside the directory
        }
        try {
            return Optional.of(json.readValue(Files.readAllBytes(dir.resolve(PREFIX + phone + SUFFIX)), User.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the account of " + phone, e);
        }
    }

    /** The phones with a file. */
    List<String> phones() {
        List<String> phones = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String phone = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (SAFE_KEY.matcher(phone).matches()) {
                    phones.add(phone);
                }
            }
        } catch (NoSuchFileException e) {
            return phones;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return phones;
    }
}
