package io.imagepic.state;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One account as stored ({@link AccountStore}). {@code credentialVersion} goes up with every password change (and
 * when an admin disables or enables the account); tokens carry it, so tokens issued before stop working. A password
 * an admin had generated is {@code temporary}: it only serves to set a new one, until {@code passwordExpiresAt}.
 * Whether the account is an admin or disabled is kept beside it ({@link Rights}). The hash never leaves the store's
 * users.
 */
@RegisterForReflection
public record User(String id, String phone, String name, String tfs, String email, String passwordHash,
        long credentialVersion, Instant createdAt, Instant updatedAt, boolean temporary, Instant passwordExpiresAt) {

    public User(String id, String phone, String name, String tfs, String email, String passwordHash,
            long credentialVersion, Instant createdAt, Instant updatedAt) {
        this(id, phone, name, tfs, email, passwordHash, credentialVersion, createdAt, updatedAt, false, null);
    }

    /** The password the user chose. */
    public User withPassword(String newHash, Instant now) {
        return new User(id, phone, name, tfs, email, newHash, credentialVersion + 1, createdAt, now, false, null);
    }

    /** A password an admin had generated: it only serves to set a new one, until expiresAt. */
    public User withTemporaryPassword(String newHash, Instant now, Instant expiresAt) {
        return new User(id, phone, name, tfs, email, newHash, credentialVersion + 1, createdAt, now, true, expiresAt);
    }

    /** Every token issued so far stops working. */
    public User withNewCredentialVersion(Instant now) {
        return new User(id, phone, name, tfs, email, passwordHash, credentialVersion + 1, createdAt, now, temporary,
                passwordExpiresAt);
    }

    public boolean passwordExpiredAt(Instant now) {
        return passwordExpiresAt != null && !now.isBefore(passwordExpiresAt);
    }

    @Override
    public String toString() {
        // never print the hash, e.g. in a log line or an assertion message
        return "User[id=" + id + ", phone=" + phone + ", credentialVersion=" + credentialVersion + "]";
    }
}
