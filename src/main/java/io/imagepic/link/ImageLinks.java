package io.imagepic.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Links to the image route, for the upload answer and for signed links to private images. The base is
 * {@code imagepic.serving.public-base-url}; without it, the origin of the request being answered (as
 * seen through {@code quarkus.http.proxy.*}), else {@code http://localhost:<port>}. Checked at start: a base
 * that is no absolute http(s) URL, or none while {@code require-public-base-url} is on, stops the start.
 */
@Startup
@Singleton
public class ImageLinks {

    static final String MISSING = "imagepic.serving.public-base-url is not set, but imagepic.serving.require-public-base-url"
            + " is true: links would be built from the Host header clients send. Set IMAGEPIC_SERVING_PUBLIC_BASE_URL"
            + " to the URL browsers use, e.g. https://img.example.com";

    private final LinkConfig config;
    private final LinkSigner signer;
    private final HttpServer server;
    private final Optional<String> publicBase;

    ImageLinks(LinkConfig config, LinkSigner signer, HttpServer server) {
        this.config = config;
        this.signer = signer;
        this.server = server;
        this.publicBase = config.publicBaseUrl().map(ImageLinks::checkedBase);
        if (publicBase.isEmpty() && config.requirePublicBaseUrl()) {
            throw new IllegalStateException(MISSING);
        }
    }

    /** The base without a trailing slash; an absolute http(s) URL with a host, no query or fragment. */
    static String checkedBase(String base) {
        String trimmed = base.trim();
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new IllegalStateException("imagepic.serving.public-base-url must be an absolute http(s) URL such as"
                + " https://img.example.com (no query, fragment or user info), not: " + base);
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
        return signedUrl(bucket, key, "", expiresAt, origin);
    }

    /**
     * A signed link to a derivative: {@code transform} is its parameters in canonical form ("" for the original);
     * the link carries them and a signature over them.
     */
    public SignedLink signedUrl(String bucket, String key, String transform, Instant expiresAt, String origin) {
        long expires = expiresAt.getEpochSecond();
        return new SignedLink(permanentUrl(bucket, key, origin) + "?" + (transform.isEmpty() ? "" : transform + "&")
                + signer.sign(bucket, key, transform, expires).query(expires), expiresAt);
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
        if (publicBase.isPresent()) {
            return publicBase.get(); // never what the request says
        }
        if (origin != null) {
            return origin;
        }
        return "http://localhost:" + server.getPort(); // the port bound (0 in the settings picks one)
    }

    public record SignedLink(String url, Instant expires) {
    }
}
