package io.imagepic.support;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.imagepic.account.AccessTokenLifespan;
import io.imagepic.account.AuthConfig;

/**
 * The access tokens' lifetime as configured, unless a test shortens it for itself: {@link #use} in a
 * try-with-resources block (tests run one at a time). With {@code %test.mp.jwt.verify.clock.skew=1} a token
 * stops working a second after its expiry.
 */
@Alternative
@Priority(1)
@Singleton
public class ShortTokens extends AccessTokenLifespan {

    private static volatile Duration override;

    public ShortTokens(AuthConfig config) {
        super(config);
    }

    @Override
    public Duration get() {
        Duration d = override;
        return d != null ? d : super.get();
    }

    /** Tokens issued until close() live this long. */
    public static AutoCloseable use(Duration lifespan) {
        override = lifespan;
        return () -> override = null;
    }
}
