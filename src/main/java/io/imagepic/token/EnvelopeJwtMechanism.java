package io.imagepic.token;

import java.util.HashSet;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

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
 * raw or Bearer) arrive the same way and go to {@link ServiceTokenIdentityProvider}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class EnvelopeJwtMechanism implements HttpAuthenticationMechanism {

    private final JWTAuthMechanism jwt;
    private final Edge edge;

    EnvelopeJwtMechanism(JWTAuthMechanism jwt, Edge edge) {
        this.jwt = jwt;
        this.edge = edge;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identities) {
        String header = rc.request().getHeader("Authorization");
        String credential = ServiceTokens.credential(header);
        if (ServiceTokens.isServiceToken(credential)) {
            return identities
                    .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ServiceTokenRequest(credential), rc));
        }
        if (isRawToken(header)) {
            rc.request().headers().set("Authorization", "Bearer " + header.trim());
        }
        return jwt.authenticate(rc, identities);
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
