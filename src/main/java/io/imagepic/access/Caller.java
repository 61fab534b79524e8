package io.imagepic.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.imagepic.account.CredentialCheck;
import io.imagepic.account.Msg;
import io.imagepic.token.ServiceToken;
import io.imagepic.token.ServiceTokenIdentityProvider;
import io.imagepic.web.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling, as the object, serving and notification modules need it: a stable id recorded as the
 * uploader, a display name, whether the caller is an admin, and what it may do. Anonymous callers have a null
 * id. Users hold every scope ({@code admin} only if admins) on every bucket; a service token (id and name are
 * its name, so uploads record it) holds its scopes on its bucket allow-list ({@code buckets} null: all).
 */
@RegisterForReflection
public record Caller(String id, String name, boolean admin, boolean service, Set<Scope> scopes, List<String> buckets) {

    private static final Set<Scope> USER_SCOPES = Collections
            .unmodifiableSet(EnumSet.of(Scope.UPLOAD, Scope.REMOVE, Scope.READ));
    private static final Set<Scope> ADMIN_SCOPES = Collections.unmodifiableSet(EnumSet.allOf(Scope.class));

    public static final Caller ANONYMOUS = new Caller(null, "anonymous", false, false, Set.of(), null);

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.getAttribute(ServiceTokenIdentityProvider.SERVICE_TOKEN) instanceof ServiceToken t) {
            return new Caller(t.name(), t.name(), t.scopes().contains(Scope.ADMIN), true,
                    Collections.unmodifiableSet(EnumSet.copyOf(t.scopes())), t.buckets());
        }
        String name = identity.getPrincipal().getName();
        String id = identity.getAttribute(CredentialCheck.USER_ID);
        boolean admin = identity.hasRole(Roles.ADMIN);
        return new Caller(id != null ? id : name, name, admin, false, admin ? ADMIN_SCOPES : USER_SCOPES, null);
    }

    /** The caller as authentication left it on the routing context (proactively, or when a policy needed it). */
    public static Caller of(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser u ? of(u.getSecurityIdentity()) : ANONYMOUS;
    }

    /**
     * The caller, authenticating now if no policy needed it yet (quarkus.http.auth.proactive=false): for
     * plain Vert.x routes, where the identity may still be deferred.
     */
    public static Uni<Caller> resolve(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser u) {
            return Uni.createFrom().item(of(u.getSecurityIdentity()));
        }
        Uni<SecurityIdentity> deferred = QuarkusHttpUser.getSecurityIdentity(rc, null);
        return deferred == null ? Uni.createFrom().item(ANONYMOUS) : deferred.map(Caller::of);
    }

    public boolean isAnonymous() {
        return id == null;
    }

    /** Whether the caller holds this scope (path permissions already check it for service tokens). */
    public boolean mayUse(Scope scope) {
        return scopes.contains(scope);
    }

    /** Whether the caller may name this bucket: always for users, within the allow-list for service tokens. */
    public boolean mayAccess(String bucket) {
        return buckets == null || buckets.contains(bucket);
    }

    /** 403 in the envelope unless {@link #mayAccess}; for Quarkus REST resources and services. */
    public void checkBucket(String bucket) {
        if (!mayAccess(bucket)) {
            throw new BucketDenied(bucket);
        }
    }

    /** Answered 403 with the envelope by {@link AuthErrors}, in the client's language. */
    public static class BucketDenied extends ApiException {
        private final String bucket;

        public BucketDenied(String bucket) {
            super(403, AuthErrors.DENIED_MSG, java.util.Map.of("err", Msg.BUCKET.in(Msg.Lang.ZH, bucket)));
            this.bucket = bucket;
        }

        public String bucket() {
            return bucket;
        }
    }
}
