package io.imagepic.access;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.imagepic.s3.S3Exception;
import io.imagepic.web.ApiError;
import io.imagepic.web.WebMsg;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * The one authorisation check of the service: may this caller do this action to this bucket? Every route asks
 * it.
 * <ul>
 * <li>Admins may do anything; service tokens their scopes on their bucket allow-list (the scopes are checked
 * per route by the token policy; MANAGE needs the admin scope).</li>
 * <li>People hold the default role ({@code imagepic.access.default=granted}, the default: none;
 * {@code all}: write on every bucket, as in the seed) or the role granted to them on the bucket, whichever is higher.</li>
 * <li>Anyone may SERVE a public-read bucket's images; anyone may READ when anonymous reads are on (the seed).</li>
 * </ul>
 * Refusals: 401 for anonymous callers, 404 (exactly as for a missing bucket) when a person may not know the
 * bucket exists, 403 otherwise.
 *
 * <p>
 * A person's granted role is read from the state store at every check, so a grant or a revocation made through any
 * replica holds at the next request everywhere. The store answers without blocking (from memory, or one statement on
 * the reactive client): code on the event loop asks {@link #authorize}, which never leaves it. {@link #check},
 * {@link #allows} and {@link #refusal} wait for that answer and belong on worker threads (they need no grant, and do
 * not wait, for admins, service tokens, anonymous callers, or what the default role already allows). Per-event
 * filters of live streams, which must not even wait, ask {@link #allowsRecent}.
 */
@ApplicationScoped
public class Access {

    private static final Logger LOG = Logger.getLogger(Access.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final AccessConfig config;
    private final Instance<BucketGrants> grants;
    private final Instance<BucketVisibility> visibility;
    private final Instance<ReservedBuckets> reserved;

    Access(AccessConfig config, Instance<BucketGrants> grants, Instance<BucketVisibility> visibility,
            Instance<ReservedBuckets> reserved) {
        this.config = config;
        this.grants = grants;
        this.visibility = visibility;
        this.reserved = reserved;
    }

    /** The seed's anonymous reads open every bucket to anyone, private ones included: say so where operators look. */
    void warnAboutOpenReads(@Observes StartupEvent started) {
        if (config.anonymousReads()) {
            LOG.warn("imagepic.access.anonymous-reads is on: anyone may list and read the objects of every bucket, "
                    + "private ones included, without a token (the seed's model); leave it off unless an old "
                    + "frontend needs it");
        }
    }

    /** Waits for the grant when the answer depends on one: call from a worker thread. */
    public boolean allows(Caller caller, Action action, String bucket) {
        return refusal(caller, action, bucket).isEmpty();
    }

    /**
     * As {@link #allows}, never waiting: grants as this replica holds them in memory. Only for filters that run per
     * event on a publisher's thread; requests ask {@link #authorize}.
     */
    public boolean allowsRecent(Caller caller, Action action, String bucket) {
        Role granted = dependsOnGrant(caller, action) ? grants.get().recentRoleOf(bucket, caller.id()).orElse(null) : null;
        return decide(caller, action, bucket, granted).isEmpty();
    }

    /**
     * The check for code on the event loop: never blocks, never leaves the thread for a worker (the grant, when one
     * decides, comes from the store without blocking). Fails with the refusal.
     */
    public Uni<Void> authorize(Caller caller, Action action, String bucket) {
        if (!dependsOnGrant(caller, action)) {
            return outcome(decide(caller, action, bucket, null));
        }
        return grants.get().roleOf(bucket, caller.id())
                .map(granted -> decide(caller, action, bucket, granted.orElse(null)))
                .chain(Access::outcome);
    }

    /** Throws the refusal the caller gets, if any. */
    public void check(Caller caller, Action action, String bucket) {
        Optional<ApiError> refused = refusal(caller, action, bucket);
        if (refused.isPresent()) {
            throw refused.get();
        }
    }

    /** Admins only (bucket creation, accounts, service tokens, webhooks of every bucket). */
    public void requireAdmin(Caller caller) {
        if (caller.isAnonymous()) {
            throw ApiError.unauthorized(WebMsg.UNAUTHORIZED);
        }
        if (!caller.admin()) {
            throw ApiError.forbidden(WebMsg.FORBIDDEN);
        }
    }

    /** People only: a service token can never create accounts or tokens, whatever its scopes. */
    public void requirePerson(Caller caller) {
        if (caller.isAnonymous()) {
            throw ApiError.unauthorized(WebMsg.UNAUTHORIZED);
        }
        if (caller.service()) {
            throw ApiError.forbidden(AccessMsg.PEOPLE_ONLY);
        }
    }

    /**
     * Admin people only (accounts, invites, service tokens): the admin scope of a service token is not enough,
     * so that a token never mints tokens or accounts. Returns the caller.
     */
    public Caller requireAdminPerson(Caller caller) {
        requirePerson(caller);
        requireAdmin(caller);
        return caller;
    }

    /**
     * May this caller change a member's role on the bucket from {@code from} to {@code to} (either null: none, so a
     * grant or a revocation)? Managers of the bucket (and admins) change members; a change that gives or takes
     * {@code manage} is for admins only, except that a manager may step down from its own. People only. Blocking
     * as {@link #check}. Whether the bucket would be left without a manager is the caller's to check.
     */
    public void checkMemberChange(Caller caller, String bucket, String memberId, Role from, Role to) {
        requirePerson(caller);
        check(caller, Action.MANAGE, bucket);
        if (from == to || caller.admin() || (from != Role.MANAGE && to != Role.MANAGE)) {
            return;
        }
        boolean stepsDown = from == Role.MANAGE && caller.id().equals(memberId);
        if (!stepsDown) {
            throw ApiError.forbidden(AccessMsg.MANAGE_BY_ADMINS, bucket);
        }
    }

    /**
     * Whether {@code now} (the same credential, checked again) may do less than {@code before} could, leaving grants
     * aside (they are read at each check): another identity, no longer an admin, a scope gone, or a bucket gone from
     * a service token's allow-list. Streams opened as {@code before} then end, so nothing keeps what it no longer
     * has.
     */
    public boolean shrank(Caller before, Caller now) {
        if (!java.util.Objects.equals(before.id(), now.id()) || before.service() != now.service()) {
            return true;
        }
        if ((before.admin() && !now.admin()) || !now.scopes().containsAll(before.scopes())) {
            return true;
        }
        if (now.buckets() == null) {
            return false;
        }
        return before.buckets() == null || !now.buckets().containsAll(before.buckets());
    }

    /** The refusal the caller would get, if any (for code that answers it itself). Waits as {@link #allows}. */
    public Optional<ApiError> refusal(Caller caller, Action action, String bucket) {
        Role granted = null;
        if (dependsOnGrant(caller, action)) {
            if (Context.isOnEventLoopThread()) {
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("a grant is waited for on the event loop: use Access.authorize there",
                            new IllegalStateException());
                }
                granted = grants.get().recentRoleOf(bucket, caller.id()).orElse(null);
            } else {
                granted = grants.get().roleOf(bucket, caller.id()).await().indefinitely().orElse(null);
            }
        }
        return decide(caller, action, bucket, granted);
    }

    /** The rules, given the caller's granted role on the bucket (null: none, or not needed). */
    private Optional<ApiError> decide(Caller caller, Action action, String bucket, Role granted) {
        if (bucket != null && reserved.isResolvable() && reserved.get().isReserved(bucket)) {
            return Optional.of(S3Exception.noSuchBucket(bucket)); // the derivative cache: nobody's, not even an admin's
        }
        if (caller.service() && !caller.inAllowList(bucket)) {
            return Optional.of(ApiError.forbidden(AccessMsg.BUCKET, bucket)); // not even a public bucket
        }
        if (action == Action.SERVE && isPublicRead(bucket)) {
            return Optional.empty();
        }
        if (caller.isAnonymous()) {
            boolean seedReads = config.anonymousReads() && action.compareTo(Action.READ) <= 0;
            return seedReads ? Optional.empty() : Optional.of(ApiError.unauthorized(WebMsg.UNAUTHORIZED));
        }
        if (caller.service()) {
            return action == Action.MANAGE && !caller.mayUse(Scope.ADMIN)
                    ? Optional.of(ApiError.forbidden(AccessMsg.SCOPE))
                    : Optional.empty();
        }
        if (caller.admin()) {
            return Optional.empty();
        }
        Role role = roleOf(granted);
        if (role != null && role.allows(action)) {
            return Optional.empty();
        }
        if (role == null && !isPublicRead(bucket)) {
            return Optional.of(S3Exception.noSuchBucket(bucket)); // a 403 would confirm the bucket exists
        }
        return Optional.of(ApiError.forbidden(AccessMsg.ROLE, bucket, action.name().toLowerCase(Locale.ROOT)));
    }

    /** The higher of the default role and the granted one; null when the person has none. */
    private Role roleOf(Role granted) {
        Role byDefault = defaultRole();
        if (granted == null) {
            return byDefault;
        }
        return byDefault == null || granted.compareTo(byDefault) > 0 ? granted : byDefault;
    }

    private Role defaultRole() {
        return config.mode() == AccessConfig.Mode.ALL ? Role.WRITE : null;
    }

    /** Whether the answer for a person may depend on a grant (which is read from the state store). */
    private boolean dependsOnGrant(Caller caller, Action action) {
        if (caller.isAnonymous() || caller.service() || caller.admin() || !grants.isResolvable()) {
            return false;
        }
        Role byDefault = defaultRole();
        return byDefault == null || !byDefault.allows(action);
    }

    private static Uni<Void> outcome(Optional<ApiError> refused) {
        return refused.isPresent() ? Uni.createFrom().failure(refused.get()) : Uni.createFrom().voidItem();
    }

    private boolean isPublicRead(String bucket) {
        return visibility.isResolvable() && visibility.get().isPublicRead(bucket);
    }
}
