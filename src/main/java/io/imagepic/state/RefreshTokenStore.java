package io.imagepic.state;

import java.time.Instant;
import java.util.Optional;

/**
 * Refresh-token families of "keep me signed in", shared by every replica: a rotation, a reuse and a revocation
 * hold on all of them from the next request on. Blocking: call it from a worker thread.
 *
 * <p>
 * Backends: {@code state.files.FileRefreshTokenStore} ({@code refresh-tokens/} of the state directory) and
 * {@code state.postgres.PgRefreshTokenStore} (table {@code refresh_families}: a rotation is a compare-and-set on the
 * row's version, a reuse a {@code DELETE}, {@link #revokeAll} one {@code DELETE ... WHERE user_id = ?}).
 */
public interface RefreshTokenStore {

    /** What became of a presented token. */
    enum Outcome {
        /** It was the family's current token: replaced by the next one. */
        ROTATED,
        /** It was one the family had already replaced: the family is ended (stolen copy, or a lost answer). */
        REUSED,
        /** No such family, an unknown token, or the family expired: nothing changed. */
        UNKNOWN
    }

    record Rotation(Outcome outcome, RefreshFamily family) {
    }

    /** Stores a new family; false when its id is taken (nothing written). */
    boolean create(RefreshFamily family);

    Optional<RefreshFamily> find(String id);

    /**
     * Replaces the family's current token (hash {@code presentedHash}) by {@code nextHash}, atomically: of two
     * rotations with the same token exactly one succeeds, and the other then counts as a reuse.
     */
    Rotation rotate(String id, String presentedHash, String nextHash, Instant now, Instant newExpiry);

    /** Ends one family; false when there was none. */
    boolean revoke(String id);

    /** Ends every family of the account (sign-out everywhere, password change, disable, demotion); answers how many. */
    int revokeAll(String userId);

    /** Drops families expired before {@code now}; answers how many. Any replica may run it. */
    int sweep(Instant now);
}
