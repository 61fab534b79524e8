package io.imagepic.state;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An invite as stored ({@link InviteStore}): only the SHA-256 of its code is kept; the code is shown once, to the
 * admin who created it. Used once: the registration that redeems it removes it ({@link AccountStore#create}).
 */
@RegisterForReflection
public record Invite(String id, String codeHash, String note, String createdById, String createdBy, Instant createdAt,
        Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Invite[id=" + id + ", expiresAt=" + expiresAt + "]"; // never the hash
    }
}
