package io.imagepic.token;

import java.util.HashSet;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.imagepic.access.Caller;
import io.imagepic.access.VerifiedCredentials;
import io.imagepic.state.ServiceToken;
import io.imagepic.web.ApiError;
import io.imagepic.web.Edge;
import io.imagepic.web.WebMsg;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * smallrye-jwt's mechanism, with the seed's habits: the {@code authorization} header may carry the raw
 * token (no "Bearer "), and the 401 challenge carries the envelope body. Service tokens ({@code ipt_...},
 * raw or Bearer) arrive the same way and go to {@link ServiceTokenIdentityProvider}. A credential verified before is
 * answered from {@link VerifiedCredentials} (no signature check, no store read) until it expires or its account or
 * token changes.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class EnvelopeJwtMechanism implements HttpAuthenticationMechanism {

    private final JWTAuthMechanism jwt;
    private final Edge edge;
    private final VerifiedCredentials verified;
    private final ServiceTokens tokens;

    EnvelopeJwtMechanism(JWTAuthMechanism jwt, Edge edge, VerifiedCredentials verified, ServiceTokens tokens) {
        this.jwt = jwt;
        this.edge = edge;
        this.verified = verified;
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identities) {
        String header = rc.request().getHeader("Authorization");
        String credential = ServiceTokens.credential(header);
        if (credential == null || credential.isEmpty()) {
            return jwt.authenticate(rc, identities);
        }
        VerifiedCredentials.Ticket ticket = verified.ticket(credential);
        var known = verified.find(ticket);
        if (known.isPresent()) {
            if (known.get().getAttribute(ServiceTokenIdentityProvider.SERVICE_TOKEN) instanceof ServiceToken t) {
                tokens.recordUse(t.id());
            }
            return Uni.createFrom().item(known.get());
        }
        Uni<SecurityIdentity> identity;
        if (ServiceTokens.isServiceToken(credential)) {
            identity = identities
                    .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ServiceTokenRequest(credential), rc));
        } else {
            if (isRawToken(header)) {
                rc.request().headers().set("Authorization", "Bearer " + header.trim());
            }
            identity = jwt.authenticate(rc, identities);
        }
        return identity.invoke(id -> remember(ticket, id));
    }

    /** A person's identity until its JWT expires, a service token's until the token does. */
    private void remember(VerifiedCredentials.Ticket ticket, SecurityIdentity id) {
        if (id == null || id.isAnonymous() || !(id.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)) {
            return;
        }
        if (id.getAttribute(ServiceTokenIdentityProvider.SERVICE_TOKEN) instanceof ServiceToken t) {
            verified.remember(ticket, id, null, t.id(), t.expiresAt());
        } else if (id.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            verified.remember(ticket, id, caller.id(), null, java.time.Instant.ofEpochSecond(token.getExpirationTime()));
        }
    }

    /** A compact JWS: three dot-separated parts and no auth scheme in front. */
    static boolean isRawToken(String header) {
        if (header == null) {
            return false;
        }
        String h = header.trim();
        return !h.isEmpty() && h.indexOf(' ') < 0 && h.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext rc) {
        return jwt.getChallenge(rc);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext rc) {
        edge.fail(rc, ApiError.unauthorized(WebMsg.UNAUTHORIZED));
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        Set<Class<? extends AuthenticationRequest>> types = new HashSet<>(jwt.getCredentialTypes());
        types.add(ServiceTokenRequest.class);
        return types;
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext rc) {
        return jwt.getCredentialTransport(rc);
    }
}
