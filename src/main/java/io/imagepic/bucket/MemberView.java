package io.imagepic.bucket;

import java.time.Instant;

import io.imagepic.access.Role;
import io.imagepic.state.Membership;

/** A member as the routes show it: the account's phone, its role, who granted it and when. */
public record MemberView(String bucketName, String member, Role role, String grantedBy, Instant grantedAt) {

    static MemberView of(Membership m) {
        return new MemberView(m.bucket(), m.phone(), BucketMembers.role(m), m.grantedBy(), m.grantedAt());
    }
}
