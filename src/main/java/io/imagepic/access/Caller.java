package io.imagepic.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: a stable id recorded as the uploader, a display name, whether the caller is an admin, and
 * what it may do. Anonymous callers have a null id. People hold every scope ({@code admin} only if admins); a
 * service token (id and name are its name, so uploads record it) holds its scopes on its bucket allow-list
 * ({@code buckets} null: all), and its own limit of concurrent uploads ({@code maxUploads}, set when it was
 * minted; 0 for people, who share the per-person limit). The authentication layer (account, token) builds it
 * and leaves it on the identity as {@link #ATTRIBUTE}; whether a caller may act on a bucket is {@link Access}'s
 * to say.
 */
@RegisterForReflection
public record Caller(String id, String name, boolean admin, boolean service, Set<Scope> scopes, List<String> buckets,
        int maxUploads) {

    /** The SecurityIdentity attribute holding the caller. */
    public static final String ATTRIBUTE = "imagepic.caller";

    private static final Set<Scope> PERSON_SCOPES = Collections
            .unmodifiableSet(EnumSet.of(Scope.UPLOAD, Scope.REMOVE, Scope.READ));
    private static final Set<Scope> ADMIN_SCOPES = Collections.unmodifiableSet(EnumSet.allOf(Scope.class));

    public static final Caller ANONYMOUS = new Caller(null, "anonymous", false, false, Set.of(), null, 0);

    /** A signed-in person (user id, phone). */
    public static Caller person(String id, String name, boolean admin) {
        return new Caller(id, name, admin, false, admin ? ADMIN_SCOPES : PERSON_SCOPES, null, 0);
    }

    /** A service token: its scopes on its buckets ({@code buckets} null: every bucket); uploads as people may. */
    public static Caller service(String name, Set<Scope> scopes, List<String> buckets) {
        return service(name, scopes, buckets, 0);
    }

    /** A service token with its own limit of concurrent uploads ({@code maxUploads} > 0). */
    public static Caller service(String name, Set<Scope> scopes, List<String> buckets, int maxUploads) {
        return new Caller(name, name, scopes.contains(Scope.ADMIN), true,
                Collections.unmodifiableSet(EnumSet.copyOf(scopes)), buckets, maxUploads);
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.getAttribute(ATTRIBUTE) instanceof Caller c) {
            return c;
        }
        throw new IllegalStateException("an identity without a caller: " + identity.getPrincipal().getName());
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

    /** Within a service token's bucket allow-list (people: always; their buckets are {@link Access}'s to say). */
    boolean inAllowList(String bucket) {
        return buckets == null || buckets.contains(bucket);
    }
}
