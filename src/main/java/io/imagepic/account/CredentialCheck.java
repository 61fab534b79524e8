package io.imagepic.account;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.imagepic.access.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Checks each verified token against the store, as the seed re-checked the password on each request:
 * the account must still exist with the token's credential version and must not be disabled. Also sets the
 * identity attribute {@code imagepic.user-id} and the roles stored now ({@link AccountRoles}), so a revoked admin
 * right or a disabled account holds at the next request on every replica.
 */
@ApplicationScoped
public class CredentialCheck implements SecurityIdentityAugmentor {

    public static final String USER_ID = "imagepic.user-id";

    private final UserStore store;
    private final AccountRoles roles;

    CredentialCheck(UserStore store, AccountRoles roles) {
        this.store = store;
        this.roles = roles;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> check(identity, jwt)); // a small file read: off the event loop
    }

    private SecurityIdentity check(SecurityIdentity identity, JsonWebToken jwt) {
        String phone = jwt.getName();
        Long version = asLong(jwt.getClaim(TokenIssuer.CREDENTIAL_VERSION));
        User user = phone == null || !AccountForms.PHONE.matcher(phone).matches() ? null : store.find(phone).orElse(null);
        if (user == null || !Objects.equals(user.id(), jwt.getSubject())
                || version == null || version != user.credentialVersion()) {
            throw new AuthenticationFailedException("token no longer valid for this account");
        }
        AccountRoles.Doc now = roles.current();
        if (now.isDisabled(user.id())) {
            throw new AuthenticationFailedException("account disabled");
        }
        boolean admin = now.isAdmin(user.id());
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(USER_ID, user.id())
                .addAttribute(Caller.ATTRIBUTE, Caller.person(user.id(), phone, admin))
                .addRoles(TokenIssuer.roles(admin))
                .build();
    }

    /** Custom numeric claims come back as JSON-P numbers. */
    private static Long asLong(Object claim) {
        if (claim instanceof JsonNumber n) {
            return n.longValue();
        }
        return claim instanceof Number n ? n.longValue() : null;
    }
}
