package io.imagepic.bucket;

import java.time.Instant;

import io.imagepic.access.Role;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One member of one bucket, as stored: the grant names the account by its id, so it follows that account and
 * never passes to whoever registers the same phone later. The phone is kept for display and revocation.
 */
@RegisterForReflection
public record Membership(String bucket, String userId, String phone, Role role, String grantedBy, Instant grantedAt) {
}
