package io.imagepic.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, the one MAC of the service: signed links, webhook and peer signatures, derived keys. (The SigV4
 * signer keeps its own chain of day keys, cached per day, for speed.)
 */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";
    // a provider look-up per call would cost more than the HMAC of a short message itself
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    });

    private final SecretKeySpec key;

    private Hmac(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("an HMAC key must not be empty");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    public static Hmac withKey(byte[] key) {
        return new Hmac(key);
    }

    public static Hmac withKey(String key) {
        return new Hmac(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The MAC of the parts, in order, as one message. */
    public byte[] sign(byte[]... parts) {
        Mac mac = MACS.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    public byte[] sign(String message) {
        return sign(message.getBytes(StandardCharsets.UTF_8));
    }

    /** In constant time, so a forger learns nothing from how long a refusal took. */
    public boolean verify(byte[] given, byte[]... parts) {
        return given != null && MessageDigest.isEqual(given, sign(parts));
    }
}
