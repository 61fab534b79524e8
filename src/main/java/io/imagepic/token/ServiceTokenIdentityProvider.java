package io.imagepic.token;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Caller;
import io.imagepic.access.Roles;
import io.imagepic.access.Scope;
import io.imagepic.state.ServiceToken;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a service token into a SecurityIdentity: principal = the token's name, role {@code service} (and
 * {@code admin} with the admin scope), the stored token as attribute {@link #SERVICE_TOKEN} for {@link Caller}.
 */
@ApplicationScoped
public class ServiceTokenIdentityProvider implements IdentityProvider<ServiceTokenRequest> {

    public static final String SERVICE_TOKEN = "imagepic.service-token";

    private final ServiceTokens tokens;

    ServiceTokenIdentityProvider(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<ServiceTokenRequest> getRequestType() {
        return ServiceTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ServiceTokenRequest request, AuthenticationRequestContext context) {
        return tokens.authenticate(request.token()).map(this::identity); // no worker hop
    }

    private SecurityIdentity identity(ServiceToken token) {
        var scopes = ServiceTokens.scopes(token);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.name()))
                .addRole(Roles.SERVICE)
                .addAttribute(SERVICE_TOKEN, token)
                .addAttribute(Caller.ATTRIBUTE, Caller.service(token.name(), scopes, token.buckets(),
                        tokens.maxConcurrentUploads(token)));
        if (scopes.contains(Scope.ADMIN)) {
            b.addRole(Roles.ADMIN);
        }
        return b.build();
    }
}
