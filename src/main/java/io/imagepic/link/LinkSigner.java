package io.imagepic.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.imagepic.crypto.Hmac;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.AtomicFiles;
import io.quarkus.runtime.Startup;

/**
 * Signs and checks expiring links to private images: HMAC-SHA256 over bucket, key and expiry. The key
 * comes from configuration, or from a file created with a random key on first start (0600), so links
 * survive restarts; replicas must share it (same volume or the same configured secret).
 */
@Startup
@Singleton
public class LinkSigner {

    public enum Verdict {
        VALID,
        TAMPERED,
        EXPIRED
    }

    private final Hmac hmac;

    @Inject
    LinkSigner(LinkConfig config) {
        this(config.signedLinks().secret()
                .map(s -> {
                    if (s.length() < 32) {
                        throw new IllegalStateException(
                                "imagepic.serving.signed-links.secret must have at least 32 characters");
                    }
                    return s.getBytes(StandardCharsets.UTF_8);
                })
                .orElseGet(() -> secretFromFile(config.signedLinks().secretFile().toAbsolutePath())));
    }

    /** With the key itself (tests). */
    LinkSigner(byte[] secret) {
        this.hmac = Hmac.withKey(secret);
    }

    public String sign(String bucket, String key, long expiresEpochSecond) {
        return sign(bucket, key, "", expiresEpochSecond);
    }

    /**
     * A link to a derivative: {@code transform} is its parameters in canonical form
     * ({@code TransformParams.canonical()}, "" for the original), so changing any of them breaks the signature.
     */
    public String sign(String bucket, String key, String transform, long expiresEpochSecond) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac.sign(message(bucket, key, transform, expiresEpochSecond)));
    }

    public Verdict verify(String bucket, String key, String expires, String signature, long nowEpochSecond) {
        return verify(bucket, key, "", expires, signature, nowEpochSecond);
    }

    /** Checks the signature first, so an attacker cannot learn anything from a forged expiry. */
    public Verdict verify(String bucket, String key, String transform, String expires, String signature,
            long nowEpochSecond) {
        long expiry;
        byte[] given;
        try {
            expiry = Long.parseLong(expires);
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Verdict.TAMPERED;
        }
        if (!hmac.verify(given, message(bucket, key, transform, expiry))) { // constant time
            return Verdict.TAMPERED;
        }
        return nowEpochSecond < expiry ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static byte[] message(String bucket, String objectKey, String transform, long expires) {
        // Newline-separated: neither a bucket name nor a served key may contain one. A link to the original
        // signs what it always signed, so links given out before transforms existed still open.
        String m = bucket + "\n" + objectKey + "\n" + expires;
        return (transform.isEmpty() ? m : m + "\n" + transform).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] secretFromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = Secrets.bytes(32);
                // exclusive and atomic: a replica racing us either wins or reads our whole key, never half of it
                AtomicFiles.createExclusively(file, Base64.getEncoder().encodeToString(random)
                        .getBytes(StandardCharsets.US_ASCII));
            }
            String content = Files.readString(file).trim();
            if (content.isEmpty()) {
                throw new IllegalStateException("signed-link key file is empty: " + file);
            }
            return Base64.getDecoder().decode(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signed-link key " + file, e);
        }
    }

}
