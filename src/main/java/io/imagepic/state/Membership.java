package io.imagepic.state;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One member of one bucket, as stored ({@link MemberStore}): the grant names the account by its id, so it follows
 * that account and never passes to whoever registers the same phone later. The phone is kept for display and
 * revocation; {@code role} is a role id ({@code access.Role#id}: read, write, manage).
 */
@RegisterForReflection
public record Membership(String bucket, String userId, String phone, String role, String grantedBy, Instant grantedAt) {
}
