package io.imagepic.access;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP permission policy {@code imagepic-read} for the seed's read routes: a token is needed unless
 * {@code imagepic.access.anonymous-reads=true} (drop-in compatibility with the seed's frontend). Which buckets
 * the caller may read is {@link Access}'s to say, in the route.
 */
@ApplicationScoped
public class ReadRoutesPolicy implements HttpSecurityPolicy {

    private final boolean anonymousReads;

    ReadRoutesPolicy(AccessConfig config) {
        this.anonymousReads = config.anonymousReads();
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext rc, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        if (anonymousReads) {
            return CheckResult.permit(); // not even authenticated: a stale token does not matter here
        }
        return identity.map(id -> id.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    @Override
    public String name() {
        return "imagepic-read";
    }
}
