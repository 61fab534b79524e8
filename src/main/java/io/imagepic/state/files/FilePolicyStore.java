package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.StateChange;

/**
 * {@code bucket-policies/<bucket>.json} holding the policy's name, one file per bucket that is not private. The
 * single {@code bucket-policies.json} of an earlier release is split into it at start, once.
 */
final class FilePolicyStore implements BucketPolicyStore {

    private static final Logger LOG = Logger.getLogger(FilePolicyStore.class);
    private static final String SUFFIX = ".json";
    private static final TypeReference<TreeMap<String, String>> LEGACY = new TypeReference<>() {
    };

    private final Path dir;
    private final LocalStateChanges changes;
    private final Map<String, String> policies = new ConcurrentHashMap<>();

    FilePolicyStore(Path stateDir, ObjectMapper json, LocalStateChanges changes) throws IOException {
        this.dir = stateDir.resolve("bucket-policies");
        this.changes = changes;
        Files.createDirectories(dir);
        Fs.removeTempFiles(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                String bucket = Names.decode(name.substring(0, name.length() - SUFFIX.length()));
                if (bucket != null) {
                    policies.put(bucket, new String(Fs.read(p), StandardCharsets.UTF_8).trim());
                }
            }
        }
        migrate(stateDir.resolve("bucket-policies.json"), json);
    }

    @Override
    public Map<String, String> all() {
        return Map.copyOf(policies);
    }

    @Override
    public Optional<String> find(String bucket) {
        return Optional.ofNullable(policies.get(bucket));
    }

    @Override
    public void put(String bucket, String policy) {
        synchronized (this) {
            Path file = dir.resolve(Names.encode(bucket) + SUFFIX);
            try {
                if (policy == null) {
                    Fs.delete(file);
                    policies.remove(bucket);
                } else {
                    Fs.replace(file, policy.getBytes(StandardCharsets.UTF_8));
                    policies.put(bucket, policy);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        changes.publish(new StateChange.PolicyChanged(bucket, policy));
    }

    private void migrate(Path legacy, ObjectMapper json) {
        if (!Files.exists(legacy)) {
            return;
        }
        try {
            json.readValue(legacy.toFile(), LEGACY).forEach((bucket, policy) -> {
                if (policy != null && !policy.equals("private") && !policies.containsKey(bucket)) {
                    put(bucket, policy);
                }
            });
            Fs.rename(legacy, legacy.resolveSibling(legacy.getFileName() + ".migrated"));
            LOG.infof("bucket policies moved from %s to one file per bucket", legacy);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot migrate %s: %s", legacy, e.toString());
        }
    }
}
