package io.imagepic.account;

import java.util.Optional;

/** Where accounts live. Keyed by phone; implementations must make {@link #create} exclusive. */
public interface UserStore {

    Optional<User> find(String phone);

    /** Stores a new user; false when the phone is already registered (also by another replica). */
    boolean create(User user);

    /** Replaces an existing user's document. */
    void update(User user);
}
