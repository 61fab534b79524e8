package io.imagepic.state.files;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.Codec;
import io.imagepic.state.RefreshFamily;
import io.imagepic.state.RefreshTokenStore;
import io.imagepic.state.StateConfig;
import io.imagepic.state.VersionedStore;

/**
 * The files backend of {@link RefreshTokenStore} ({@code imagepic.state.backend=files}, the only backend that has
 * one so far). Refresh-token families on the state volume: {@code refresh-tokens/<family id>/<version>}, one
 * {@link VersionedStore} document each, so a rotation is a compare-and-set that exactly one replica wins.
 */
@ApplicationScoped
public class FileRefreshTokenStore implements RefreshTokenStore {

    private final VersionedStore<RefreshFamily> store;

    FileRefreshTokenStore(StateConfig state, ObjectMapper json) {
        // The store's clock is the file system's (it compares it with file times); expiries use the caller's.
        this.store = new VersionedStore<>(state.dir().resolve("refresh-tokens"), Codec.json(json, RefreshFamily.class),
                Clock.systemUTC());
    }

    @Override
    public boolean create(RefreshFamily family) {
        boolean[] created = new boolean[1];
        store.update(family.id(), current -> {
            created[0] = current.isEmpty();
            return current.isEmpty() ? Optional.of(family) : current;
        });
        return created[0];
    }

    @Override
    public Optional<RefreshFamily> find(String id) {
        return store.get(id);
    }

    @Override
    public Rotation rotate(String id, String presentedHash, String nextHash, Instant now, Instant newExpiry) {
        Outcome[] outcome = new Outcome[1];
        Optional<RefreshFamily> after = store.update(id, current -> {
            if (current.isEmpty() || current.get().expiredAt(now)) {
                outcome[0] = Outcome.UNKNOWN;
                return current;
            }
            RefreshFamily family = current.get();
            if (family.currentHash().equals(presentedHash)) {
                outcome[0] = Outcome.ROTATED;
                return Optional.of(family.rotated(nextHash, now, newExpiry));
            }
            if (family.usedHashes().contains(presentedHash)) {
                outcome[0] = Outcome.REUSED;
                return Optional.empty(); // the whole family ends
            }
            outcome[0] = Outcome.UNKNOWN;
            return current;
        });
        return new Rotation(outcome[0], after.orElse(null));
    }

    @Override
    public boolean revoke(String id) {
        return store.delete(id);
    }

    @Override
    public int revokeAll(String userId) {
        return store.deleteIf(f -> f.userId().equals(userId));
    }

    @Override
    public int sweep(Instant now) {
        int dropped = store.deleteIf(f -> f.expiredAt(now));
        store.purge();
        return dropped;
    }
}
