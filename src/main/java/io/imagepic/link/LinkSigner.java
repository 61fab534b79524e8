package io.imagepic.link;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.imagepic.crypto.Hmac;

/**
 * Signs and checks expiring links to private images: HMAC-SHA256 over bucket, key, expiry, transform and the
 * bucket's generation ({@link BucketGenerations}), with the newest key of the ring ({@link LinkKeys}), whose id the
 * link carries ({@code kid}). A link opens while its key is in the ring and not retired, until its expiry, and only
 * for the generation of the bucket it was made for. Links made before the ring (no kid) are checked as that release
 * signed them, and only for a bucket that was not created again since (generation {@value BucketGenerations#INITIAL}).
 * Never blocks.
 */
@Singleton
public class LinkSigner {

    public enum Verdict {
        VALID,
        TAMPERED,
        EXPIRED
    }

    /** A signature and the key it was made with, as a link carries them. */
    public record Signature(String kid, String value) {

        /** The link's query parameters after the transform's: {@code expires=..&kid=..&signature=..}. */
        public String query(long expires) {
            return "expires=" + expires + "&kid=" + kid + "&signature=" + value;
        }
    }

    private final Supplier<LinkKeys.Ring> keys;
    private final Function<String, String> generations;

    @Inject
    LinkSigner(LinkKeys keys, BucketGenerations generations) {
        this(keys::ring, generations::current);
    }

    /** With a ring and generations of one's own (tests). */
    LinkSigner(Supplier<LinkKeys.Ring> keys, Function<String, String> generations) {
        this.keys = keys;
        this.generations = generations;
    }

    public Signature sign(String bucket, String key, long expiresEpochSecond) {
        return sign(bucket, key, "", expiresEpochSecond);
    }

    /**
     * A link to a derivative: {@code transform} is its parameters in canonical form
     * ({@code TransformParams.canonical()}, "" for the original), so changing any of them breaks the signature.
     */
    public Signature sign(String bucket, String key, String transform, long expiresEpochSecond) {
        LinkKeys.Key signing = keys.get().signing();
        byte[] mac = signing.hmac().sign(message(bucket, key, transform, expiresEpochSecond, generations.apply(bucket),
                signing.kid()));
        return new Signature(signing.kid(), Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
    }

    public Verdict verify(String bucket, String key, String expires, String kid, String signature, long nowEpochSecond) {
        return verify(bucket, key, "", expires, kid, signature, nowEpochSecond);
    }

    /**
     * Checks the signature first, so an attacker cannot learn anything from a forged expiry. kid null: a link of
     * the release before the ring.
     */
    public Verdict verify(String bucket, String key, String transform, String expires, String kid, String signature,
            long nowEpochSecond) {
        long expiry;
        byte[] given;
        try {
            expiry = Long.parseLong(expires);
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Verdict.TAMPERED;
        }
        String generation = generations.apply(bucket);
        boolean legacy = kid == null;
        if (legacy && !generation.equals(BucketGenerations.INITIAL)) {
            return Verdict.TAMPERED; // made for a bucket of this name before it was created again
        }
        Optional<Hmac> mac = keys.get().key(legacy ? LinkKeys.LEGACY : kid);
        if (mac.isEmpty()) {
            return Verdict.TAMPERED; // an unknown or retired key
        }
        byte[] message = legacy ? legacyMessage(bucket, key, transform, expiry)
                : message(bucket, key, transform, expiry, generation, kid);
        if (!mac.get().verify(given, message)) { // constant time
            return Verdict.TAMPERED;
        }
        return nowEpochSecond < expiry ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static byte[] message(String bucket, String objectKey, String transform, long expires, String generation,
            String kid) {
        // Newline-separated: neither a bucket name nor a served key may contain one; the first line sets these apart
        // from the links of the release before the ring.
        return ("link/2\n" + bucket + "\n" + objectKey + "\n" + expires + "\n" + transform + "\n" + generation + "\n"
                + kid).getBytes(StandardCharsets.UTF_8);
    }

    /** What the release before the ring signed: links given out then still open, until they expire. */
    private static byte[] legacyMessage(String bucket, String objectKey, String transform, long expires) {
        String m = bucket + "\n" + objectKey + "\n" + expires;
        return (transform.isEmpty() ? m : m + "\n" + transform).getBytes(StandardCharsets.UTF_8);
    }
}
