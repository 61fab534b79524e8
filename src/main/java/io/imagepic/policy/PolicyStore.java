package io.imagepic.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.BucketVisibility;
import io.imagepic.cluster.ClusterBus;
import io.imagepic.state.Codec;
import io.imagepic.state.EntityStore;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;

/**
 * The bucket policies on the shared volume, one file per bucket that is not private
 * ({@code <dir of imagepic.policy.file>/bucket-policies/<bucket>.json}): a change rewrites only its bucket's
 * file, so replicas changing different buckets at once never undo each other (the single JSON file rewritten
 * from a replica's memory did).
 *
 * <p>
 * Reads made on worker threads ({@link #current}, {@link #currentAll}) come from the volume (a stat while
 * unchanged). The image route decides on the event loop from a copy in memory ({@link #policyOf}), which is
 * refreshed from the volume when this replica changes a policy, when another replica announces a change over
 * the cluster bus (within milliseconds), and at the reload interval as a safety net for a missed message.
 */
@Startup
@Singleton
public class PolicyStore implements BucketVisibility {

    static final String TOPIC = "bucket-policy";
    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    private static final TypeReference<TreeMap<String, BucketPolicy>> LEGACY = new TypeReference<>() {
    };

    private final EntityStore<String> files;
    private final ClusterBus bus;
    private final Vertx vertx;
    private volatile Map<String, BucketPolicy> snapshot = Map.of();

    PolicyStore(PolicyConfig config, ObjectMapper json, ClusterBus bus, Vertx vertx) {
        Path legacy = config.file().toAbsolutePath();
        this.files = new EntityStore<>(legacy.resolveSibling("bucket-policies"), "", ".json", Codec.utf8(),
                Clock.systemUTC());
        this.bus = bus;
        this.vertx = vertx;
        migrate(legacy, json);
        reload();
        bus.subscribe(TOPIC, bucket -> vertx.executeBlocking(() -> {
            reload();
            return null;
        }, false));
    }

    /** Never blocks: the copy in memory (see the class comment). Buckets without an entry are private. */
    public BucketPolicy policyOf(String bucket) {
        return snapshot.getOrDefault(bucket, BucketPolicy.PRIVATE);
    }

    /** Never blocks (the image route asks on the event loop): the copy in memory. */
    @Override
    public boolean isPublicRead(String bucket) {
        return policyOf(bucket) == BucketPolicy.PUBLIC_READ;
    }

    public Map<String, BucketPolicy> all() {
        return snapshot;
    }

    /** Blocking: the policy as stored now, whichever replica set it. */
    public BucketPolicy current(String bucket) {
        return files.get(bucket).map(BucketPolicy::of).orElse(BucketPolicy.PRIVATE);
    }

    /** Blocking: every non-private policy as stored now. */
    public Map<String, BucketPolicy> currentAll() {
        Map<String, BucketPolicy> all = new TreeMap<>();
        files.all().forEach((bucket, value) -> {
            BucketPolicy p = BucketPolicy.of(value);
            if (p != null && p != BucketPolicy.PRIVATE) {
                all.put(bucket, p);
            }
        });
        snapshot = Map.copyOf(all);
        return all;
    }

    /** Blocking: call from a worker thread. */
    public void put(String bucket, BucketPolicy policy) {
        if (policy == BucketPolicy.PRIVATE) {
            files.delete(bucket); // private is the default: no file
        } else {
            files.put(bucket, policy.value());
        }
        Map<String, BucketPolicy> next = new HashMap<>(snapshot);
        if (policy == BucketPolicy.PRIVATE) {
            next.remove(bucket);
        } else {
            next.put(bucket, policy);
        }
        snapshot = Map.copyOf(next);
        bus.publish(TOPIC, bucket);
    }

    @Scheduled(every = "${imagepic.policy.reload-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            currentAll();
        } catch (RuntimeException e) {
            // Keep serving the policies we know rather than opening or closing buckets by accident.
            LOG.errorf("cannot read bucket policies from %s: %s", files.dir(), e.getMessage());
        }
    }

    /** The former single file becomes one file per bucket, once (whichever replica gets there first). */
    private void migrate(Path legacy, ObjectMapper json) {
        if (!Files.exists(legacy)) {
            return;
        }
        try {
            json.readValue(legacy.toFile(), LEGACY).forEach((bucket, policy) -> {
                if (policy != null && policy != BucketPolicy.PRIVATE) {
                    files.create(bucket, policy.value());
                }
            });
            Files.move(legacy, legacy.resolveSibling(legacy.getFileName() + ".migrated"));
            LOG.infof("bucket policies moved from %s to one file per bucket", legacy);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot migrate %s (another replica may have): %s", legacy, e.toString());
        }
    }
}
