package io.imagepic.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The image route {@code /i/{bucket}/{key}}: its public URL, caching, signed links. */
@ConfigMapping(prefix = "imagepic.serving")
public interface ServingConfig {

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

    /** Cache lifetime of images whose key is not content-addressed (they may be overwritten). */
    @WithDefault("10m")
    Duration maxAge();

    /**
     * Keys naming their content (the upload's {@code hash} naming, {@code folder/<sha256 hex>.<ext>}):
     * served as immutable for a year.
     */
    @WithDefault("(?:.*/)?[0-9a-f]{16,64}\\.[A-Za-z0-9]{1,10}")
    String contentAddressedKey();

    SignedLinks signedLinks();

    Cache cache();

    /** Hot images of immutable (content-addressed) keys kept in memory: a hit costs the S3 server nothing. */
    interface Cache {
        /** Memory for cached images, all together (direct memory, beside the heap); 0 turns the cache off. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize size();

        /** Largest image kept; larger ones always stream from S3. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxObjectSize();

        /**
         * An image is read from S3 again after this long at the latest: a safety net for a change notice lost
         * between replicas (writes and removals evict at once, on every replica).
         */
        @WithDefault("10m")
        Duration maxAge();
    }

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
