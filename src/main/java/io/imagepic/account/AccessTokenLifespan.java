package io.imagepic.account;

import java.time.Duration;

import jakarta.inject.Singleton;

/**
 * How long an access token works: {@code imagepic.auth.jwt.lifespan}. A bean of its own so that a test can make
 * tokens short-lived for one test (an alternative in the test sources) without a profile of its own.
 */
@Singleton
public class AccessTokenLifespan {

    private final AuthConfig config;

    public AccessTokenLifespan(AuthConfig config) {
        this.config = config;
    }

    public Duration get() {
        return config.jwt().lifespan();
    }
}
