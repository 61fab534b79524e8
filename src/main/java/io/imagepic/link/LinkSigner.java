package io.imagepic.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.imagepic.crypto.Hmac;
import io.imagepic.crypto.Secrets;
import io.imagepic.state.SigningKeyStore;
import io.quarkus.runtime.Startup;

/**
 * Signs and checks expiring links to private images: HMAC-SHA256 over bucket, key and expiry. The key
 * comes from configuration, or from the state store ({@value #KEY_NAME}, created with a random key by the first
 * replica to start), so links survive restarts and every replica checks the others' links. A key file of an
 * earlier release ({@code imagepic.serving.signed-links.secret-file}) is taken over into the store.
 */
@Startup
@Singleton
public class LinkSigner {

    public enum Verdict {
        VALID,
        TAMPERED,
        EXPIRED
    }

    /** The key's name in the state store (the files backend keeps it as that file in its directory). */
    static final String KEY_NAME = "link-signing.key";

    private final Hmac hmac;

    @Inject
    LinkSigner(LinkConfig config, SigningKeyStore keys) {
        this(config.signedLinks().secret()
                .map(s -> {
                    if (s.length() < 32) {
                        throw new IllegalStateException(
                                "imagepic.serving.signed-links.secret must have at least 32 characters");
                    }
                    return s.getBytes(StandardCharsets.UTF_8);
                })
                .orElseGet(() -> secretFromStore(keys, config.signedLinks().secretFile().toAbsolutePath())));
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

    private static byte[] secretFromStore(SigningKeyStore keys, Path earlierFile) {
        byte[] stored = keys.getOrCreate(KEY_NAME, () -> {
            try {
                return Files.readAllBytes(earlierFile); // an earlier release's key: links already out keep working
            } catch (IOException e) {
                return Base64.getEncoder().encodeToString(Secrets.bytes(32)).getBytes(StandardCharsets.US_ASCII);
            }
        });
        String content = new String(stored, StandardCharsets.US_ASCII).trim();
        if (content.isEmpty()) {
            throw new IllegalStateException("the signed-link key " + KEY_NAME + " is empty");
        }
        return Base64.getDecoder().decode(content);
    }
}
