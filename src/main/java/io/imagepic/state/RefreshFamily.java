package io.imagepic.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One signed-in device ("keep me signed in"): the chain of refresh tokens handed to it, of which only the
 * newest ({@code currentHash}) works. The hashes of the ones it replaced are kept ({@code usedHashes}, the
 * newest few): one of them presented again means a copy was stolen, and the whole family ends (OAuth 2.1). Only
 * SHA-256 hashes of the tokens are stored. {@code credentialVersion} is the account's when the family began: a
 * password change ends it even where a revocation was missed.
 */
@RegisterForReflection
public record RefreshFamily(String id, String userId, String phone, long credentialVersion, String currentHash,
        List<String> usedHashes, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant endsAt, String device) {

    /** Hashes of replaced tokens kept for reuse detection. */
    public static final int KEPT_USED = 16;

    public RefreshFamily {
        usedHashes = List.copyOf(usedHashes);
    }

    /** The next token of the chain replaces the current one, which becomes a used one. */
    public RefreshFamily rotated(String nextHash, Instant now, Instant newExpiry) {
        List<String> used = new ArrayList<>(usedHashes);
        used.add(currentHash);
        while (used.size() > KEPT_USED) {
            used.remove(0);
        }
        Instant expiry = newExpiry.isAfter(endsAt) ? endsAt : newExpiry;
        return new RefreshFamily(id, userId, phone, credentialVersion, nextHash, used, createdAt, now, expiry, endsAt, device);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "RefreshFamily[id=" + id + ", user=" + userId + "]"; // never the hashes
    }
}
