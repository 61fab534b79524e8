package io.imagepic.auth;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as the object, serving and notification modules need it: a stable id recorded as the
 * uploader, a display name, and whether the caller is an admin. Anonymous callers have a null id.
 */
@RegisterForReflection
public record Caller(String id, String name, boolean admin) {

    public static final Caller ANONYMOUS = new Caller(null, "anonymous", false);

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        String name = identity.getPrincipal().getName();
        String id = identity.getAttribute("imagepic.user-id");
        return new Caller(id != null ? id : name, name, identity.hasRole(Roles.ADMIN));
    }

    public boolean isAnonymous() {
        return id == null;
    }
}
