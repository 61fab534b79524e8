package io.imagepic.account;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Accounts and the tokens of their sessions ({@code imagepic.auth.*}). Admins: {@link AdminConfig}. */
@ConfigMapping(prefix = "imagepic.auth")
public interface AuthConfig {

    /**
     * {@code open}: anyone may register (the seed); {@code invite}: only with an invite code an admin created;
     * {@code closed}: only admins create accounts.
     */
    @WithDefault("open")
    Registration registration();

    /** Largest accepted body on the account routes, in bytes. */
    @WithDefault("4096")
    int maxBodyBytes();

    /** Longest accepted name and tfs (free text). */
    @WithDefault("64")
    int maxTextLength();

    /** bcrypt cost (log2 rounds). */
    @WithDefault("10")
    int bcryptCost();

    /** How long a temporary password an admin had generated works (only to set a new one). */
    @WithDefault("24h")
    Duration temporaryPasswordLifetime();

    Jwt jwt();

    Login login();

    Invites invites();

    Registrations registrations();

    Hashing hashing();

    Sessions sessions();

    interface Jwt {
        /** PEM public key (X.509); unset: generated into the store directory at first start. */
        Optional<String> publicKeyLocation();

        /** PEM private key (PKCS#8); set together with publicKeyLocation. */
        Optional<String> privateKeyLocation();

        /** Where a generated pair is kept (on the shared volume, so replicas agree). */
        @WithDefault("${imagepic.state.dir}/jwt")
        String generatedKeyDir();

        /** The {@code iss} of the tokens issued and the one accepted; replicas must agree. */
        @WithDefault("imagepic")
        String issuer();

        /** Token lifetime (the seed: one hour). */
        @WithDefault("1h")
        Duration lifespan();
    }

    interface Login {
        /** Failed logins (or password changes) of one phone before the delay starts. */
        @WithDefault("5")
        int maxFailures();

        /** Failures are forgotten this long after the last one (and at once after a successful login). */
        @WithDefault("15m")
        Duration window();

        /** The first delay; doubled per further failure. */
        @WithDefault("5s")
        Duration delay();

        /** The longest delay: one failed attempt never locks an account for longer than this. */
        @WithDefault("5m")
        Duration maxDelay();

        /** Failed logins from one client address, whatever the phone (password spraying). */
        Address address();
    }

    interface Address {
        /**
         * Failed logins from one client address, whatever the phones, before the delay starts. Behind a proxy,
         * set quarkus.http.proxy.* so the client's address is known: otherwise all clients share the proxy's.
         */
        @WithDefault("20")
        int maxFailures();

        /** An address's failures are forgotten this long after the last one. */
        @WithDefault("15m")
        Duration window();

        /** The address's first delay; doubled per further failure. */
        @WithDefault("5s")
        Duration delay();

        /** The address's longest delay. */
        @WithDefault("5m")
        Duration maxDelay();
    }

    interface Invites {
        /** Lifetime of an invite when the admin names none. */
        @WithDefault("7d")
        Duration lifetime();

        /** Longest lifetime an admin may give an invite. */
        @WithDefault("30d")
        Duration maxLifetime();

        /** Most unused invites at once; creating more answers 409. */
        @WithDefault("1000")
        int maxOpen();
    }

    /** Registrations (with or without an invite, successful or not) from one client address. */
    interface Registrations {
        /** Registrations (with or without an invite, successful or not) from one address before the delay starts. */
        @WithDefault("10")
        int max();

        /** An address's registrations are forgotten this long after the last one. */
        @WithDefault("1h")
        Duration window();

        /** The first delay; doubled per further registration. */
        @WithDefault("1m")
        Duration delay();

        /** The longest delay between registrations from one address. */
        @WithDefault("1h")
        Duration maxDelay();
    }

    /**
     * bcrypt runs on a small pool of its own, so a flood of logins or registrations uses at most these threads
     * and never the workers that check tokens and serve reads.
     */
    interface Hashing {
        /** Threads hashing at once; unset: half the processors, at least one. */
        OptionalInt threads();

        /** Hashes waiting for a thread; past it, callers get 503 with Retry-After at once. */
        @WithDefault("16")
        int queue();

        /** The Retry-After of that 503. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /**
     * "Keep me signed in": a refresh token in an HttpOnly cookie, one chain per device, that gets a browser new
     * access tokens without the password ({@code /imagepic/auth/session}).
     */
    interface Sessions {
        /** A device unused this long is signed out (each refresh starts the time again). */
        @WithDefault("30d")
        Duration lifetime();

        /** A device is signed out this long after its sign-in, however often it refreshed. */
        @WithDefault("90d")
        Duration maxLifetime();
    }

    enum Registration {
        OPEN,
        INVITE,
        CLOSED
    }
}
