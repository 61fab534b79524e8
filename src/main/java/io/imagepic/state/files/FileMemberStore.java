package io.imagepic.state.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.LocalStateChanges;
import io.imagepic.state.MemberStore;
import io.imagepic.state.Membership;
import io.imagepic.state.StateChange;
import io.smallrye.mutiny.Uni;

/**
 * {@code bucket-members/<bucket>%2F<user id>.json}, one file per grant, indexed by bucket and by account: a check
 * is a map look-up, a bucket's listing reads only its members.
 */
final class FileMemberStore implements MemberStore {

    private static final String SEPARATOR = "/"; // never part of a bucket name
    private static final Comparator<Membership> ORDER = Comparator.comparing(Membership::phone)
            .thenComparing(Membership::userId);

    private final FileMap<Membership> files;
    private final LocalStateChanges changes;
    private final Map<String, Map<String, Membership>> byBucket = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Membership>> byUser = new ConcurrentHashMap<>();

    FileMemberStore(Path dir, ObjectMapper json, LocalStateChanges changes) throws IOException {
        this.files = new FileMap<>(dir, "", ".json", json, Membership.class);
        this.changes = changes;
        files.values().forEach(this::index);
    }

    @Override
    public Uni<Optional<Membership>> find(String bucket, String userId) {
        return Uni.createFrom().item(recent(bucket, userId));
    }

    @Override
    public Optional<Membership> recent(String bucket, String userId) {
        if (bucket == null || userId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byBucket.getOrDefault(bucket, Map.of()).get(userId));
    }

    @Override
    public List<Membership> ofBucket(String bucket) {
        List<Membership> list = new ArrayList<>(byBucket.getOrDefault(bucket, Map.of()).values());
        list.sort(ORDER);
        return list;
    }

    @Override
    public List<Membership> ofUser(String userId) {
        List<Membership> list = new ArrayList<>(byUser.getOrDefault(userId, Map.of()).values());
        list.sort(Comparator.comparing(Membership::bucket));
        return list;
    }

    @Override
    public void put(Membership m) {
        synchronized (this) {
            files.put(key(m.bucket(), m.userId()), m);
            index(m);
        }
        changes.publish(new StateChange.GrantChanged(m.bucket(), m.userId()));
    }

    @Override
    public boolean remove(String bucket, String userId) {
        synchronized (this) {
            if (!files.delete(key(bucket, userId))) {
                return false;
            }
            unindex(bucket, userId);
        }
        changes.publish(new StateChange.GrantChanged(bucket, userId));
        return true;
    }

    @Override
    public int removeAll(String bucket) {
        int removed = 0;
        for (Membership m : ofBucket(bucket)) {
            removed += remove(bucket, m.userId()) ? 1 : 0;
        }
        return removed;
    }

    private void index(Membership m) {
        byBucket.computeIfAbsent(m.bucket(), b -> new ConcurrentHashMap<>()).put(m.userId(), m);
        byUser.computeIfAbsent(m.userId(), u -> new ConcurrentHashMap<>()).put(m.bucket(), m);
    }

    private void unindex(String bucket, String userId) {
        Map<String, Membership> members = byBucket.get(bucket);
        if (members != null) {
            members.remove(userId);
            if (members.isEmpty()) {
                byBucket.remove(bucket);
            }
        }
        Map<String, Membership> buckets = byUser.get(userId);
        if (buckets != null) {
            buckets.remove(bucket);
            if (buckets.isEmpty()) {
                byUser.remove(userId);
            }
        }
    }

    private static String key(String bucket, String userId) {
        return bucket + SEPARATOR + userId;
    }
}
