package io.imagepic.serving;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;

/**
 * Links to the image route, for the upload answer and for signed links to private images. The base is
 * {@code imagepic.serving.public-base-url}; without it, the origin of the request being answered (as
 * seen through {@code quarkus.http.proxy.*}), else {@code http://localhost:<port>}.
 */
@Singleton
public class ImageLinks {

    private final ServingConfig config;
    private final LinkSigner signer;
    private final int port;

    ImageLinks(ServingConfig config, LinkSigner signer,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.config = config;
        this.signer = signer;
        this.port = port;
    }

    /** The permanent link {@code <base>/i/{bucket}/{key}}; whether it opens depends on the bucket's policy. */
    public String permanentUrl(String bucket, String key) {
        return permanentUrl(bucket, key, (String) null);
    }

    /** As {@link #permanentUrl(String, String)}, falling back on the origin of {@code request}. */
    public String permanentUrl(String bucket, String key, HttpServerRequest request) {
        return permanentUrl(bucket, key, origin(request));
    }

    /** As {@link #permanentUrl(String, String)}, falling back on {@code origin} ({@code scheme://host[:port]}, may be null). */
    public String permanentUrl(String bucket, String key, String origin) {
        return base(origin) + new ImagePath(bucket, key).encoded();
    }

    /** The origin a client used to reach us ({@code scheme://authority}), or null. */
    public static String origin(HttpServerRequest request) {
        return request != null && request.authority() != null ? request.scheme() + "://" + request.authority() : null;
    }

    /** A link to a private image that works for anyone until {@code expiresAt}. */
    public SignedLink signedUrl(String bucket, String key, Instant expiresAt, HttpServerRequest request) {
        return signedUrl(bucket, key, expiresAt, origin(request));
    }

    /** As {@link #signedUrl(String, String, Instant, HttpServerRequest)}, falling back on {@code origin} (may be null). */
    public SignedLink signedUrl(String bucket, String key, Instant expiresAt, String origin) {
        long expires = expiresAt.getEpochSecond();
        return new SignedLink(permanentUrl(bucket, key, origin) + "?expires=" + expires + "&signature="
                + signer.sign(bucket, key, expires), expiresAt);
    }

    /** Clamps a requested lifetime to 1 s .. max-expiry; null means the default expiry. */
    public Duration lifetime(Integer seconds) {
        if (seconds == null) {
            return config.signedLinks().defaultExpiry();
        }
        return Duration.ofSeconds(seconds);
    }

    public Duration maxLifetime() {
        return config.signedLinks().maxExpiry();
    }

    private String base(String origin) {
        if (config.publicBaseUrl().isPresent()) {
            String base = config.publicBaseUrl().get();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        if (origin != null) {
            return origin;
        }
        return "http://localhost:" + port;
    }

    public record SignedLink(String url, Instant expires) {
    }
}
