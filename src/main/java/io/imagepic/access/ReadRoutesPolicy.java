package io.imagepic.access;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.account.AuthConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP permission policy {@code imagepic-read} for the seed's read routes: a token is needed unless
 * {@code imagepic.auth.anonymous-reads=true} (drop-in compatibility with the seed's frontend).
 */
@ApplicationScoped
public class ReadRoutesPolicy implements HttpSecurityPolicy {

    private final boolean anonymousReads;

    ReadRoutesPolicy(AuthConfig config) {
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
