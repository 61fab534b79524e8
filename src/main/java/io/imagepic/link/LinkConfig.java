package io.imagepic.link;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Links to images: the public URL they start with and signed links. Under {@code imagepic.serving} (where they were
 * set before links had a package of their own), beside the image route's own settings ({@code ServingConfig}).
 */
@ConfigMapping(prefix = "imagepic.serving")
public interface LinkConfig {

    /**
     * Scheme and host browsers use to reach the service, e.g. {@code https://img.example.com}: behind an
     * ingress the service's own host is not what browsers see. When set, links never depend on what a request
     * says about the host (Host, X-Forwarded-Host). Empty: the request's own origin (local runs).
     */
    Optional<String> publicBaseUrl();

    /**
     * true: refuse to start without {@code public-base-url} (the generated Kubernetes manifests set it), so links
     * in production are never built from a client-supplied Host header.
     */
    @WithDefault("false")
    boolean requirePublicBaseUrl();

    SignedLinks signedLinks();

    interface SignedLinks {
        /**
         * The key of links made before the key ring (they carry no {@code kid}), at least 32 characters: it checks
         * them until they expire or an admin retires kid {@code legacy}. New links are signed with the ring's keys,
         * kept in the state engine (docs/operations.md, "Rotating the link keys").
         */
        Optional<String> secret();

        /**
         * A key file of an earlier release, taken over into the state store (as {@code link-signing.key}) when no
         * secret is configured: the key of links without {@code kid}, as {@code secret}.
         */
        @WithDefault("${imagepic.state.dir}/link-signing.key")
        Path secretFile();

        /** Lifetime of a signed link when the caller names none. */
        @WithDefault("1h")
        Duration defaultExpiry();

        /** Longest lifetime a caller may ask for. */
        @WithDefault("7d")
        Duration maxExpiry();
    }
}
