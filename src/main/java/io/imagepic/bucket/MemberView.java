package io.imagepic.bucket;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.imagepic.access.Role;
import io.imagepic.state.Membership;

/**
 * A member as the routes show it: the account's phone, its role, who granted it and when. {@code managersLeft}
 * only in the answer to a change that took a manager's role: how many the bucket has left (0 tells an admin
 * that only admins manage the bucket now).
 */
public record MemberView(String bucketName, String member, Role role, String grantedBy, Instant grantedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer managersLeft) {

    static MemberView of(Membership m) {
        return of(m, null);
    }

    static MemberView of(Membership m, Integer managersLeft) {
        return new MemberView(m.bucket(), m.phone(), BucketMembers.role(m), m.grantedBy(), m.grantedAt(), managersLeft);
    }
}
