package io.imagepic.upload;

import io.imagepic.auth.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The caller of a request. Authentication is lazy (quarkus.http.auth.proactive=false): the permission
 * check has authenticated /imagepic/* already, and the identity is resolved from the routing context.
 */
final class Callers {

    private Callers() {
    }

    static Uni<Caller> of(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser u) {
            return Uni.createFrom().item(Caller.of(u.getSecurityIdentity()));
        }
        Uni<SecurityIdentity> deferred = QuarkusHttpUser.getSecurityIdentity(rc, null);
        return deferred == null ? Uni.createFrom().item(Caller.ANONYMOUS) : deferred.map(Caller::of);
    }
}
