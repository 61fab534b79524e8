package io.imagepic.account;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where accounts live, keyed by phone. Shared by every replica: no change may be lost to another's. */
public interface UserStore {

    Optional<User> find(String phone);

    /** Stores a new user; false when the phone is already registered (also by another replica). */
    boolean create(User user);

    /**
     * Applies change to the stored user and stores the result, retried on a concurrent change until it commits
     * (so change must be free of side effects; answering the very user it was given writes nothing). Empty when
     * there is no such user.
     */
    Optional<User> update(String phone, UnaryOperator<User> change);

    /** Every account. */
    List<User> all();
}
