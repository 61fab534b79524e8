package io.imagepic.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.BucketVisibility;
import io.imagepic.state.AtomicFiles;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The bucket policies, kept as a small JSON file next to the user store and held in memory, so the
 * image route decides access without any I/O. Writes are atomic (temp file, fsync, rename); the file is
 * re-read when another replica sharing the volume changed it.
 */
@Startup
@Singleton
public class PolicyStore implements BucketVisibility {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    private static final TypeReference<TreeMap<String, BucketPolicy>> TYPE = new TypeReference<>() {
    };

    private final Path file;
    private final ObjectMapper json;
    private volatile Map<String, BucketPolicy> policies = Map.of();
    private volatile FileTime loadedVersion;

    PolicyStore(PolicyConfig config, ObjectMapper json) {
        this.file = config.file().toAbsolutePath();
        this.json = json;
        reload();
    }

    /** Never blocks: an in-memory lookup. Buckets without an entry are private. */
    public BucketPolicy policyOf(String bucket) {
        return policies.getOrDefault(bucket, BucketPolicy.PRIVATE);
    }

    @Override
    public boolean isPublicRead(String bucket) {
        return policyOf(bucket) == BucketPolicy.PUBLIC_READ;
    }

    public Map<String, BucketPolicy> all() {
        return policies;
    }

    /** Blocking: call from a worker thread. */
    public synchronized void put(String bucket, BucketPolicy policy) {
        TreeMap<String, BucketPolicy> next = new TreeMap<>(policies);
        if (policy == BucketPolicy.PRIVATE) {
            next.remove(bucket); // private is the default: keep the file small
        } else {
            next.put(bucket, policy);
        }
        write(next);
        policies = Map.copyOf(next);
    }

    @Scheduled(every = "${imagepic.policy.reload-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void reload() {
        try {
            if (!Files.exists(file)) {
                policies = Map.of();
                loadedVersion = null;
                return;
            }
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            TreeMap<String, BucketPolicy> read = json.readValue(file.toFile(), TYPE);
            read.values().removeIf(p -> p == null); // unknown values fall back to private
            policies = Map.copyOf(read);
            loadedVersion = version;
        } catch (IOException e) {
            // Keep serving the policies we know rather than opening or closing buckets by accident.
            LOG.errorf("cannot read bucket policies from %s: %s", file, e.getMessage());
        }
    }

    private void write(Map<String, BucketPolicy> next) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.replace(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
            loadedVersion = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bucket policies to " + file, e);
        }
    }
}
