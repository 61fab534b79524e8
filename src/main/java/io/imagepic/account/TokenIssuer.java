package io.imagepic.account;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Roles;
import io.smallrye.jwt.build.Jwt;

/** Signs the tokens handed out at login (RS256, key from smallrye.jwt.sign.key.location). */
@ApplicationScoped
public class TokenIssuer {

    /** The claim carrying the user's credential version; a password change makes older values stale. */
    public static final String CREDENTIAL_VERSION = "cv";

    private final AuthConfig config;

    TokenIssuer(AuthConfig config) {
        this.config = config;
    }

    public String issue(User user) {
        return Jwt.claims()
                .subject(user.id())
                .upn(user.phone())
                .groups(rolesOf(user.phone()))
                .issuer(config.jwt().issuer())
                .claim(CREDENTIAL_VERSION, user.credentialVersion())
                .expiresIn(config.jwt().lifespan())
                .sign();
    }

    /** Admins are named by configuration, so removing a phone from the list takes effect on the next request. */
    public Set<String> rolesOf(String phone) {
        boolean admin = config.adminPhones().map(list -> list.contains(phone)).orElse(false);
        return admin ? Set.of(Roles.ADMIN, Roles.MEMBER) : Set.of(Roles.MEMBER);
    }
}
