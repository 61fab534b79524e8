package io.imagepic.account;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Accounts and the tokens of their sessions ({@code imagepic.auth.*}). */
@ConfigMapping(prefix = "imagepic.auth")
public interface AuthConfig {

    /** {@code open}: anyone may register (the seed); {@code closed}: only admins create accounts. */
    @WithDefault("open")
    Registration registration();

    /** Phones of the admins; everyone else who registers is a member. */
    Optional<List<String>> adminPhones();

    /** Largest accepted body on the account routes, in bytes. */
    @WithDefault("4096")
    int maxBodyBytes();

    /** Longest accepted name and tfs (free text). */
    @WithDefault("64")
    int maxTextLength();

    /** bcrypt cost (log2 rounds). */
    @WithDefault("10")
    int bcryptCost();

    Jwt jwt();

    Login login();

    interface Jwt {
        /** PEM public key (X.509); unset: generated into the store directory at first start. */
        Optional<String> publicKeyLocation();

        /** PEM private key (PKCS#8); set together with publicKeyLocation. */
        Optional<String> privateKeyLocation();

        /** Where a generated pair is kept (on the shared volume, so replicas agree). */
        @WithDefault("${imagepic.state.dir}/jwt")
        String generatedKeyDir();

        @WithDefault("imagepic")
        String issuer();

        /** Token lifetime (the seed: one hour). */
        @WithDefault("1h")
        Duration lifespan();
    }

    interface Login {
        /** Failed logins (or password changes) for one phone before it is locked out. */
        @WithDefault("5")
        int maxFailures();

        /** The sliding window the failures are counted in; the lockout ends when they age out of it. */
        @WithDefault("15m")
        Duration window();
    }

    enum Registration {
        OPEN,
        CLOSED
    }
}
