package io.imagepic.account;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.imagepic.access.Caller;
import io.imagepic.state.AccountStore;
import io.imagepic.state.Credential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Checks each verified token against the store, as the seed re-checked the password on each request:
 * the account must still exist with the token's credential version and must not be disabled. Also sets the
 * identity attribute {@code imagepic.user-id} and the rights stored now, so a revoked admin right or a disabled
 * account holds at the next request on every replica. Non-blocking: the store answers on the event loop (from
 * memory, or one statement on the reactive client).
 */
@ApplicationScoped
public class CredentialCheck implements SecurityIdentityAugmentor {

    public static final String USER_ID = "imagepic.user-id";

    private final AccountStore store;

    CredentialCheck(AccountStore store) {
        this.store = store;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String phone = jwt.getName();
        if (phone == null || !AccountForms.PHONE.matcher(phone).matches()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token no longer valid for this account"));
        }
        return store.credential(phone).map(found -> check(identity, jwt, found.orElse(null)));
    }

    private static SecurityIdentity check(SecurityIdentity identity, JsonWebToken jwt, Credential account) {
        Long version = asLong(jwt.getClaim(TokenIssuer.CREDENTIAL_VERSION));
        if (account == null || !Objects.equals(account.userId(), jwt.getSubject())
                || version == null || version != account.credentialVersion()) {
            throw new AuthenticationFailedException("token no longer valid for this account");
        }
        if (account.disabled()) {
            throw new AuthenticationFailedException("account disabled");
        }
        boolean admin = account.admin();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(USER_ID, account.userId())
                .addAttribute(Caller.ATTRIBUTE, Caller.person(account.userId(), account.phone(), admin))
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
