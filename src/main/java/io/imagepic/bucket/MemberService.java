package io.imagepic.bucket;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.access.Role;
import io.imagepic.account.AccountForms;
import io.imagepic.s3.S3Exception;
import io.imagepic.state.AccountStore;
import io.imagepic.state.Membership;
import io.imagepic.state.User;
import io.imagepic.web.ApiError;

/**
 * Grants, lists and revokes bucket members. Admins and the bucket's managers may; service tokens never (a grant
 * outlives the token that made it). The member is named by phone and resolved to the account's id here, so the
 * grant follows that account. Blocking: call from worker threads.
 */
@ApplicationScoped
public class MemberService {

    private final BucketMembers members;
    private final AccountStore users;
    private final BucketService buckets;
    private final Access access;
    private final Clock clock;

    MemberService(BucketMembers members, AccountStore users, BucketService buckets, Access access, Clock clock) {
        this.members = members;
        this.clock = clock;
        this.users = users;
        this.buckets = buckets;
        this.access = access;
    }

    public MemberView grant(Caller caller, String bucket, String phone, Role role) {
        mayManage(caller, bucket);
        User user = account(phone);
        Membership granted = new Membership(bucket, user.id(), user.phone(), role.id(), caller.name(),
                clock.instant());
        members.put(granted);
        if (!exists(bucket)) {
            // Removed meanwhile, and its removal may have swept the members before this grant landed: a bucket
            // created later under the same name must not inherit it.
            members.remove(bucket, user.id());
            throw S3Exception.noSuchBucket(bucket);
        }
        return MemberView.of(granted);
    }

    public List<MemberView> list(Caller caller, String bucket) {
        mayManage(caller, bucket);
        return members.of(bucket).stream().map(MemberView::of).toList();
    }

    /** Revokes the membership of the account with this phone (and any left by an earlier account of that phone). */
    public void revoke(Caller caller, String bucket, String phone) {
        mayManage(caller, bucket);
        checkPhone(phone);
        String current = users.find(phone).map(User::id).orElse(null);
        boolean removed = current != null && members.remove(bucket, current);
        for (Membership m : members.of(bucket)) {
            if (m.phone().equals(phone)) {
                removed |= members.remove(bucket, m.userId());
            }
        }
        if (!removed) {
            throw ApiError.notFound(BucketMsg.NOT_A_MEMBER, phone, bucket);
        }
    }

    private void mayManage(Caller caller, String bucket) {
        access.requirePerson(caller);
        access.check(caller, Action.MANAGE, bucket);
        if (!exists(bucket)) {
            throw S3Exception.noSuchBucket(bucket);
        }
    }

    private User account(String phone) {
        checkPhone(phone);
        return users.find(phone).orElseThrow(() -> ApiError.notFound(BucketMsg.NO_ACCOUNT, phone));
    }

    private static void checkPhone(String phone) {
        if (phone == null || !AccountForms.PHONE.matcher(phone).matches()) {
            throw ApiError.badRequest(BucketMsg.MEMBER_PHONE);
        }
    }

    private boolean exists(String bucket) {
        return buckets.exists(bucket).await().indefinitely(); // bounded by the storage timeout
    }
}
