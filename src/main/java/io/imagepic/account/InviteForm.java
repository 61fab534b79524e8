package io.imagepic.account;

import java.time.Instant;

import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /imagepic/auth/invites} (optional): a note to remember whom it is for, and when it expires
 * (default {@code imagepic.auth.invites.lifetime} from now).
 */
@RegisterForReflection
public record InviteForm(@Size(max = 64) String note, Instant expiresAt) {
}
