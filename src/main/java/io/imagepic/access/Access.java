package io.imagepic.access;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.imagepic.s3.S3Exception;
import io.imagepic.web.ApiError;
import io.imagepic.web.WebMsg;

/**
 * The one authorisation check of the service: may this caller do this action to this bucket? Every route asks
 * it. Never blocks on I/O beyond what the grant and visibility stores do (they keep validated copies in memory).
 * <ul>
 * <li>Admins may do anything; service tokens their scopes on their bucket allow-list (the scopes are checked
 * per route by the token policy; MANAGE needs the admin scope).</li>
 * <li>People hold the default role ({@code imagepic.access.default=all}: write on every bucket, as in the seed;
 * {@code granted}: none) or the role granted to them on the bucket, whichever is higher.</li>
 * <li>Anyone may SERVE a public-read bucket's images; anyone may READ when anonymous reads are on (the seed).</li>
 * </ul>
 * Refusals: 401 for anonymous callers, 404 (exactly as for a missing bucket) when a person may not know the
 * bucket exists, 403 otherwise.
 */
@ApplicationScoped
public class Access {

    private final AccessConfig config;
    private final Instance<BucketGrants> grants;
    private final Instance<BucketVisibility> visibility;

    Access(AccessConfig config, Instance<BucketGrants> grants, Instance<BucketVisibility> visibility) {
        this.config = config;
        this.grants = grants;
        this.visibility = visibility;
    }

    public boolean allows(Caller caller, Action action, String bucket) {
        return refusal(caller, action, bucket).isEmpty();
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

    /** The refusal the caller would get, if any (for code that answers it itself, e.g. on the event loop). */
    public Optional<ApiError> refusal(Caller caller, Action action, String bucket) {
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
        Role role = roleOf(caller, bucket);
        if (role != null && role.allows(action)) {
            return Optional.empty();
        }
        if (role == null && !isPublicRead(bucket)) {
            return Optional.of(S3Exception.noSuchBucket(bucket)); // a 403 would confirm the bucket exists
        }
        return Optional.of(ApiError.forbidden(AccessMsg.ROLE, bucket, action.name().toLowerCase(Locale.ROOT)));
    }

    /** The higher of the default role and the granted one; null when the person has none. */
    private Role roleOf(Caller person, String bucket) {
        Role byDefault = config.mode() == AccessConfig.Mode.ALL ? Role.WRITE : null;
        Role granted = grants.isResolvable() ? grants.get().roleOf(bucket, person.id()).orElse(null) : null;
        if (granted == null) {
            return byDefault;
        }
        return byDefault == null || granted.compareTo(byDefault) > 0 ? granted : byDefault;
    }

    private boolean isPublicRead(String bucket) {
        return visibility.isResolvable() && visibility.get().isPublicRead(bucket);
    }
}
