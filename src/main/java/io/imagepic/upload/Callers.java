package io.imagepic.upload;

import io.imagepic.auth.Caller;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** The caller of a request, as authentication (proactive, before any route) left it on the routing context. */
final class Callers {

    private Callers() {
    }

    static Caller of(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser u ? Caller.of(u.getSecurityIdentity()) : Caller.ANONYMOUS;
    }
}
