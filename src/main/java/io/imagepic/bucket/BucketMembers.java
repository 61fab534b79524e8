package io.imagepic.bucket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.access.BucketGrants;
import io.imagepic.access.Role;
import io.imagepic.state.Codec;
import io.imagepic.state.EntityStore;
import io.imagepic.state.StateConfig;
import io.imagepic.state.TempFiles;
import io.imagepic.web.BucketNames;
import io.quarkus.scheduler.Scheduled;

/**
 * The members of every bucket, one file per grant (in {@code <state dir>/bucket-members/}, named after the bucket
 * and the account's id) on the volume the replicas share. A grant is a file of its own, so grants made
 * at once through several replicas are all kept, and a check reads only the one file it needs: a grant or a
 * revocation holds at the next request on every replica. Blocking, except {@link #recentRoleOf}.
 */
@Singleton
public class BucketMembers implements BucketGrants {

    static final String DIR = "bucket-members";
    private static final Logger LOG = Logger.getLogger(BucketMembers.class);
    private static final String SEPARATOR = "/"; // never part of a bucket name

    private final EntityStore<Membership> store;
    /** bucket -> user id -> role, as read last; for the per-event filters of live streams only. */
    private volatile Map<String, Map<String, Role>> recent = Map.of();

    BucketMembers(StateConfig state, ObjectMapper json) {
        Clock clock = Clock.systemUTC();
        this.store = new EntityStore<>(state.dir().resolve(DIR), "", ".json", Codec.json(json, Membership.class), clock);
        try {
            TempFiles.removeStale(store.dir(), TempFiles.DEFAULT_MAX_AGE, clock); // left by a crash mid-write
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + store.dir(), e);
        }
        refresh();
    }

    @Override
    public Optional<Role> roleOf(String bucket, String userId) {
        if (userId == null || !BucketNames.isValid(bucket)) {
            return Optional.empty(); // such a name has no members (and may not fit a file name)
        }
        return store.get(key(bucket, userId)).map(Membership::role);
    }

    @Override
    public Optional<Role> recentRoleOf(String bucket, String userId) {
        return Optional.ofNullable(recent.getOrDefault(bucket, Map.of()).get(userId));
    }

    /** The members of a bucket, by phone. */
    public List<Membership> of(String bucket) {
        return store.all().values().stream().filter(m -> m.bucket().equals(bucket))
                .sorted(Comparator.comparing(Membership::phone).thenComparing(Membership::userId)).toList();
    }

    /** Grants (or changes) a member's role. */
    public void put(Membership membership) {
        store.put(key(membership.bucket(), membership.userId()), membership);
        refresh();
    }

    /** Revokes one account's membership; false when it had none. */
    public boolean remove(String bucket, String userId) {
        boolean removed = store.delete(key(bucket, userId));
        refresh();
        return removed;
    }

    /** Forgets every member of a bucket (removed, or about to be created afresh); answers how many. */
    public int removeAll(String bucket) {
        int removed = 0;
        for (Membership m : of(bucket)) {
            if (store.delete(key(bucket, m.userId()))) {
                removed++;
            }
        }
        refresh();
        return removed;
    }

    /** Keeps {@link #recentRoleOf} close to the store: one stat of the directory while nothing changed. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            Map<String, Map<String, Role>> index = new HashMap<>();
            store.all().values()
                    .forEach(m -> index.computeIfAbsent(m.bucket(), b -> new HashMap<>()).put(m.userId(), m.role()));
            recent = index;
        } catch (RuntimeException e) {
            // Requests read the store itself; only the streams' filter waits for the next refresh.
            LOG.warnf("cannot read the bucket members in %s: %s", store.dir(), e.toString());
        }
    }

    private static String key(String bucket, String userId) {
        return bucket + SEPARATOR + userId;
    }
}
