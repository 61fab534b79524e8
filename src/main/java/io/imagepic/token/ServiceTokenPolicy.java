package io.imagepic.token;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.AccessMsg;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * A global HTTP policy (no name: Quarkus applies it to every request, Quarkus REST and Vert.x routes alike):
 * a request carrying a service token may only reach the paths its scopes cover. Requests without one pass
 * untouched, and are not even authenticated here. Bucket allow-lists are checked where the bucket is known.
 */
@ApplicationScoped
public class ServiceTokenPolicy implements HttpSecurityPolicy {

    private final ServiceTokenRoutes routes;

    ServiceTokenPolicy(ServiceTokenRoutes routes) {
        this.routes = routes;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext rc, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        if (!ServiceTokens.isServiceToken(ServiceTokens.credential(rc.request().getHeader("Authorization")))) {
            return CheckResult.permit();
        }
        ServiceTokenRoutes.Need need = routes.need(rc.normalizedPath());
        if (need instanceof ServiceTokenRoutes.Unguarded) {
            return CheckResult.permit();
        }
        // authenticates the token: unknown, revoked, expired or tampered fail here with 401
        return identity.map(id -> {
            Caller caller = Caller.of(id);
            boolean allowed = !caller.service() || need instanceof ServiceTokenRoutes.AnyScope
                    || need instanceof ServiceTokenRoutes.Needs n && caller.mayUse(n.scope());
            if (!allowed) {
                rc.put(Edge.DENIAL, ApiError.forbidden(AccessMsg.SCOPE));
            }
            return allowed ? CheckResult.PERMIT : CheckResult.DENY;
        });
    }
}
