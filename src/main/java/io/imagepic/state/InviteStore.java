package io.imagepic.state;

import java.util.List;
import java.util.Optional;

/**
 * Invites by id. Redemption is part of registering ({@link AccountStore#create}); a revoked invite never comes back.
 * Blocking: call from a worker thread.
 */
public interface InviteStore {

    /** False (nothing written) when the id is taken. */
    boolean create(Invite invite);

    Optional<Invite> find(String id);

    /** Every invite not yet redeemed or revoked, expired ones included. */
    List<Invite> all();

    /** Revokes (or sweeps) the invite; false when it was not there. */
    boolean delete(String id);
}
