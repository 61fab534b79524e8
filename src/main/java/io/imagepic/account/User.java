package io.imagepic.account;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One account as stored. {@code credentialVersion} goes up with every password change; tokens carry
 * it, so tokens issued before a change stop working. The hash never leaves the store.
 */
@RegisterForReflection
public record User(String id, String phone, String name, String tfs, String email, String passwordHash,
        long credentialVersion, Instant createdAt, Instant updatedAt) {

    public User withPassword(String newHash, Instant now) {
        return new User(id, phone, name, tfs, email, newHash, credentialVersion + 1, createdAt, now);
    }

    @Override
    public String toString() {
        // never print the hash, e.g. in a log line or an assertion message
        return "User[id=" + id + ", phone=" + phone + ", credentialVersion=" + credentialVersion + "]";
    }
}
