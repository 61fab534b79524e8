package io.imagepic.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A service token taken from the authorization header, to be checked by {@link ServiceTokenIdentityProvider}. */
public class ServiceTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ServiceTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
