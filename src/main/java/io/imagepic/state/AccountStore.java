package io.imagepic.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.smallrye.mutiny.Uni;

/**
 * Accounts, keyed by phone (unique) and by id, and their rights (admin, disabled). Every change is announced on
 * {@link StateChanges} as {@link StateChange.AccountChanged} by the store itself, after it is durable.
 *
 * <p>
 * {@link #credential} is the per-request hot path: it never blocks and needs no worker hop (files: the in-memory
 * index; postgres: a cache invalidated by the change feed, else one statement on the reactive client). Every other
 * method blocks: call it from a worker thread.
 */
public interface AccountStore {

    /** How a registration ended. */
    enum Registration {
        CREATED,
        /** The phone is registered (by anyone, on any replica): nothing was written, the invite is untouched. */
        PHONE_TAKEN,
        /** The invite is gone (redeemed or revoked meanwhile): nothing was written. */
        INVITE_GONE
    }

    /** The account of this phone as the credential check needs it; empty when there is none. Never blocks. */
    Uni<Optional<Credential>> credential(String phone);

    Optional<User> find(String phone);

    Optional<User> findById(String id);

    /** The accounts with these ids (ids that are no account are left out). */
    Map<String, User> findByIds(Collection<String> ids);

    /** Every account. */
    List<User> all();

    /**
     * Creates the account, redeeming the invite with id {@code inviteId} (null: none) in the same step: either both
     * happen or neither, so an invite is used exactly once and a registration that fails leaves it as it was.
     */
    Registration create(User user, String inviteId);

    /**
     * Applies change to the stored account and stores the result, retried on a concurrent change until it commits
     * (compare-and-set on the account's version, so change must be free of side effects; answering the very user it
     * was given writes nothing). Empty when there is no such account.
     */
    Optional<User> update(String phone, UnaryOperator<User> change);

    /** Admin rights and disabled accounts now. */
    Rights rights();

    /**
     * Grants or revokes admin rights; true when this changed anything. Throws {@link LastAdminException} when it would
     * leave no enabled admin (checked and committed in one step).
     */
    boolean setAdmin(String userId, boolean admin);

    /** Disables or enables the account; true when this changed anything. {@link LastAdminException} as above. */
    boolean setDisabled(String userId, boolean disabled);

    /**
     * Makes the account an (enabled) admin if no enabled admin exists (a first start, or one that died half-way);
     * false when there is one.
     */
    boolean makeFirstAdmin(String userId);
}
