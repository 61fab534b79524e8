package io.imagepic.account;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Roles;
import io.imagepic.state.User;
import io.smallrye.jwt.build.Jwt;

/** Signs the tokens handed out at login (RS256, key from smallrye.jwt.sign.key.location). */
@ApplicationScoped
public class TokenIssuer {

    /** The claim carrying the user's credential version; a password change makes older values stale. */
    public static final String CREDENTIAL_VERSION = "cv";

    private final AuthConfig config;
    private final AccessTokenLifespan lifespan;

    TokenIssuer(AuthConfig config, AccessTokenLifespan lifespan) {
        this.config = config;
        this.lifespan = lifespan;
    }

    /**
     * The groups claim tells clients what the user was at login; requests are checked against the roles stored
     * now ({@link CredentialCheck}), so a revoked admin right holds at the next request.
     */
    public String issue(User user, boolean admin) {
        return Jwt.claims()
                .subject(user.id())
                .upn(user.phone())
                .groups(roles(admin))
                .issuer(config.jwt().issuer())
                .claim(CREDENTIAL_VERSION, user.credentialVersion())
                .expiresIn(lifespan.get())
                .sign();
    }

    static Set<String> roles(boolean admin) {
        return admin ? Set.of(Roles.ADMIN, Roles.MEMBER) : Set.of(Roles.MEMBER);
    }
}
