package io.imagepic.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imagepic.access.BucketVisibility;
import io.imagepic.state.BucketPolicyStore;
import io.imagepic.state.StateChange;
import io.imagepic.state.StateChanges;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;

/**
 * The bucket policies (the state store keeps the buckets that are not private), and the copy in memory every
 * decision reads: the image route decides on the event loop from it ({@link #policyOf}). The copy follows the change
 * feed: a policy changed through any replica arrives as {@link StateChange.PolicyChanged} with its new value, within
 * milliseconds; when the feed lost continuity ({@link StateChange.Gap}) the copy is read again from the store, as it
 * is at the reload interval (a safety net only).
 */
@Startup
@Singleton
public class PolicyStore implements BucketVisibility {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    private final BucketPolicyStore store;
    private final Vertx vertx;
    private volatile Map<String, BucketPolicy> snapshot = Map.of();
    /** Goes up with every change applied: a reload that read before one does not overwrite it. */
    private long applied;

    PolicyStore(BucketPolicyStore store, StateChanges changes, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
        changes.subscribe(StateChange.PolicyChanged.class, this::apply, this::reloadSoon);
        reload();
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
        return store.find(bucket).map(BucketPolicy::of).orElse(BucketPolicy.PRIVATE);
    }

    /** Blocking: every non-private policy as stored now. */
    public Map<String, BucketPolicy> currentAll() {
        long before;
        synchronized (this) {
            before = applied;
        }
        Map<String, BucketPolicy> all = new TreeMap<>();
        store.all().forEach((bucket, value) -> {
            BucketPolicy p = BucketPolicy.of(value);
            if (p != null && p != BucketPolicy.PRIVATE) {
                all.put(bucket, p);
            }
        });
        synchronized (this) {
            if (applied == before) {
                snapshot = Map.copyOf(all); // else a change came meanwhile: the copy has it, this read may not
            }
        }
        return all;
    }

    /** Blocking: call from a worker thread. The store announces it, and this copy follows at once. */
    public void put(String bucket, BucketPolicy policy) {
        store.put(bucket, policy == BucketPolicy.PRIVATE ? null : policy.value()); // private is the default: no entry
    }

    /** A change announced on the feed (this replica's own at once, the others' within milliseconds). */
    private synchronized void apply(StateChange.PolicyChanged change) {
        BucketPolicy p = change.policy() == null ? null : BucketPolicy.of(change.policy());
        Map<String, BucketPolicy> next = new HashMap<>(snapshot);
        if (p == null || p == BucketPolicy.PRIVATE) {
            next.remove(change.bucket());
        } else {
            next.put(change.bucket(), p);
        }
        snapshot = Map.copyOf(next);
        applied++;
    }

    private void reloadSoon() {
        vertx.executeBlocking(() -> {
            reload();
            return null;
        }, false);
    }

    @Scheduled(every = "${imagepic.policy.reload-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            currentAll();
        } catch (RuntimeException e) {
            // Keep serving the policies we know rather than opening or closing buckets by accident.
            LOG.errorf("cannot read bucket policies: %s", e.getMessage());
        }
    }
}
