package io.imagepic.bucket;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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
 * Grants, lists and revokes bucket members. Admins and the bucket's managers may (only admins give or take the
 * manage role, see {@link Access#checkMemberChange}); service tokens never (a grant outlives the token that made
 * it). The last manager of a bucket is removed only by an admin, who is told. The member is named by phone and resolved to the
 * account's id here, so the
 * grant follows that account. Blocking: call from worker threads.
 */
@ApplicationScoped
public class MemberService {

    private static final Logger LOG = Logger.getLogger(MemberService.class);

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
        Role before = members.roleNow(bucket, user.id()).orElse(null);
        access.checkMemberChange(caller, bucket, user.id(), before, role);
        Membership granted = new Membership(bucket, user.id(), user.phone(), role.id(), caller.name(),
                clock.instant());
        Integer managersLeft = keepsAManager(caller, bucket, before, role, () -> members.put(granted),
                () -> members.put(previous(bucket, user, before)));
        if (!exists(bucket)) {
            // Removed meanwhile, and its removal may have swept the members before this grant landed: a bucket
            // created later under the same name must not inherit it.
            members.remove(bucket, user.id());
            throw S3Exception.noSuchBucket(bucket);
        }
        return MemberView.of(granted, managersLeft);
    }

    public List<MemberView> list(Caller caller, String bucket) {
        mayManage(caller, bucket);
        return members.of(bucket).stream().map(MemberView::of).toList();
    }

    /**
     * Revokes the membership of the account with this phone (and any left by an earlier account of that phone).
     * Answers how many managers the bucket has left when this took one's manage role, else null.
     */
    public Integer revoke(Caller caller, String bucket, String phone) {
        mayManage(caller, bucket);
        checkPhone(phone);
        String current = users.find(phone).map(User::id).orElse(null);
        List<Membership> theirs = members.of(bucket).stream()
                .filter(m -> m.phone().equals(phone) || m.userId().equals(current)).toList();
        if (theirs.isEmpty()) {
            throw ApiError.notFound(BucketMsg.NOT_A_MEMBER, phone, bucket);
        }
        for (Membership m : theirs) {
            access.checkMemberChange(caller, bucket, m.userId(), BucketMembers.role(m), null);
        }
        Role before = theirs.stream().map(BucketMembers::role).max(Role::compareTo).orElseThrow();
        return keepsAManager(caller, bucket, before, null, () -> theirs.forEach(m -> members.remove(bucket, m.userId())),
                () -> theirs.forEach(members::put));
    }

    /**
     * Applies a change, unless it takes the bucket's last manager: then only an admin may (answered with the
     * managers left, 0), a manager gets 409. Checked again after the change, so two managers stepping down at once
     * through two replicas do not leave the bucket without one: the change is undone and refused. Null when the
     * change takes no manager.
     */
    private Integer keepsAManager(Caller caller, String bucket, Role before, Role after, Runnable change, Runnable undo) {
        if (before != Role.MANAGE || after == Role.MANAGE) {
            change.run();
            return null;
        }
        if (!caller.admin() && managers(bucket) <= 1) {
            throw ApiError.conflict(BucketMsg.LAST_MANAGER, bucket);
        }
        change.run();
        int left = managers(bucket);
        if (left == 0 && !caller.admin()) {
            undo.run();
            throw ApiError.conflict(BucketMsg.LAST_MANAGER, bucket);
        }
        if (left == 0) {
            LOG.infof("%s took the last manager of bucket %s: only admins manage it now", caller.name(), bucket);
        }
        return left;
    }

    private int managers(String bucket) {
        return (int) members.of(bucket).stream().filter(m -> BucketMembers.role(m) == Role.MANAGE).count();
    }

    /** The membership as it was before a change (for undoing it). */
    private Membership previous(String bucket, User user, Role before) {
        return members.of(bucket).stream().filter(m -> m.userId().equals(user.id())).findFirst()
                .map(m -> new Membership(bucket, user.id(), user.phone(), before.id(), m.grantedBy(), m.grantedAt()))
                .orElse(new Membership(bucket, user.id(), user.phone(), before.id(), null, clock.instant()));
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
