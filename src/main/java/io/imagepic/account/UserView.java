package io.imagepic.account;

import java.time.Instant;

import io.imagepic.state.Rights;
import io.imagepic.state.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An account as admins see it: never the password hash. {@code temporaryPassword}: the password is one an admin
 * had generated, which only serves to set a new one.
 */
@RegisterForReflection
public record UserView(String id, String phone, String name, String tfs, String email, boolean admin, boolean disabled,
        boolean temporaryPassword, Instant createdAt, Instant updatedAt) {

    static UserView of(User u, Rights roles) {
        return new UserView(u.id(), u.phone(), u.name(), u.tfs(), u.email(), roles.isAdmin(u.id()),
                roles.isDisabled(u.id()), u.temporary(), u.createdAt(), u.updatedAt());
    }

    /** The answer to a password reset: the temporary password, shown once (null when the admin set one). */
    @RegisterForReflection
    public record PasswordReset(String phone, String password, Instant expiresAt) {
    }
}
