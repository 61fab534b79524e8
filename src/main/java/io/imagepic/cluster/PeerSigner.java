package io.imagepic.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.imagepic.crypto.Hmac;

/**
 * Signs and checks peer traffic: {@code t=<epoch seconds>,v1=<hex HMAC-SHA256 of "t.body">}. A request is
 * accepted within {@link #MAX_SKEW} of its time, so a captured request cannot be replayed later (and within
 * the window receivers drop message ids they have seen).
 */
@Singleton
public class PeerSigner {

    public static final String HEADER = "X-Imagepic-Peer-Signature";
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final String JWT_KEY_SETTING = "smallrye.jwt.sign.key.location";

    private final ClusterConfig config;
    private final Clock clock;
    private volatile Hmac hmac;

    @Inject
    PeerSigner(ClusterConfig config) {
        this(config, Clock.systemUTC());
    }

    PeerSigner(ClusterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public String sign(byte[] body) {
        long t = clock.instant().getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    public boolean verify(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t < 0 || v1 == null || Math.abs(clock.instant().getEpochSecond() - t) > MAX_SKEW.toSeconds()) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(v1);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return hmac().verify(given, prefix(t), body); // constant time
    }

    private byte[] mac(long t, byte[] body) {
        return hmac().sign(prefix(t), body);
    }

    private static byte[] prefix(long t) {
        return (t + ".").getBytes(StandardCharsets.US_ASCII);
    }

    /** Made on first use: the JWT key may be generated into the store at start-up. */
    private Hmac hmac() {
        Hmac h = hmac;
        if (h == null) {
            h = Hmac.withKey(deriveKey(config.secret(),
                    ConfigProvider.getConfig().getOptionalValue(JWT_KEY_SETTING, String.class)));
            hmac = h;
        }
        return h;
    }

    static byte[] deriveKey(Optional<String> secret, Optional<String> jwtKeyLocation) {
        byte[] material;
        if (secret.isPresent()) {
            if (secret.get().length() < 32) {
                throw new IllegalStateException("imagepic.cluster.secret must have at least 32 characters");
            }
            material = secret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            String location = jwtKeyLocation.orElseThrow(() -> new IllegalStateException(
                    "set imagepic.cluster.secret (no JWT signing key to derive the peer secret from)"));
            try {
                material = Files.readAllBytes(Path.of(location.replaceFirst("^file:", "")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the JWT signing key to derive the peer secret", e);
            }
        }
        // A key of its own for this purpose: the JWT key itself never signs anything but tokens.
        return Hmac.withKey("imagepic-cluster-peers-v1").sign(material);
    }
}
