package io.imagepic.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imagepic.crypto.Hmac;
import io.imagepic.link.LinkSigner.Signature;
import io.imagepic.link.LinkSigner.Verdict;

/**
 * Signed links: valid until their expiry second, then expired; any change to what was signed is tampering; the key
 * ring's kid, and the bucket's generation, decide which links still open.
 */
class LinkSignerTest {

    static final long EXPIRES = 1_800_000_000L;
    static final byte[] K1 = "a-signing-key-of-at-least-32-chars!!".getBytes(StandardCharsets.UTF_8);
    static final byte[] K2 = "another-signing-key-of-32-chars-or-more".getBytes(StandardCharsets.UTF_8);

    final AtomicReference<LinkKeys.Ring> ring = new AtomicReference<>(LinkKeys.Ring.of("1", K1));
    final Map<String, String> generations = new HashMap<>();
    final LinkSigner signer = new LinkSigner(ring::get, b -> generations.getOrDefault(b, BucketGenerations.INITIAL));
    final Signature signature = signer.sign("shop", "img/logo.png", EXPIRES);

    private Verdict verify(String bucket, String key, String expires, Signature s, long now) {
        return signer.verify(bucket, key, expires, s.kid(), s.value(), now);
    }

    @ParameterizedTest(name = "now = expiry {0} s: {1}")
    @CsvSource({ "-3600, VALID", "-1, VALID", "0, EXPIRED", "1, EXPIRED", "86400, EXPIRED" })
    void aLinkIsValidUntilItsExpirySecond(long nowMinusExpiry, Verdict verdict) {
        assertEquals(verdict, verify("shop", "img/logo.png", Long.toString(EXPIRES), signature, EXPIRES + nowMinusExpiry));
    }

    @ParameterizedTest(name = "{0} / {1} expires {2}")
    @CsvSource({
            "blog, img/logo.png, 1800000000", // another bucket
            "shop, img/logo.jpg, 1800000000", // another key
            "shop, img/logo.png, 1900000000", // a later expiry: checked before the expiry, so never EXPIRED/VALID
            "shop, img/logo.png, 1800000000x", // not a number
            "shop, img/logo.png, ''",
    })
    void changingWhatWasSignedIsTampering(String bucket, String key, String expires) {
        assertEquals(Verdict.TAMPERED, verify(bucket, key, expires, signature, EXPIRES - 10));
        assertEquals(Verdict.TAMPERED, verify(bucket, key, expires, signature, EXPIRES + 10),
                "a forged link says nothing about its expiry");
    }

    @Test
    void aSignatureFromAnotherKeyOrGarbageIsTampering() {
        LinkSigner other = new LinkSigner(() -> LinkKeys.Ring.of("1", K2), b -> BucketGenerations.INITIAL);
        Signature foreign = other.sign("shop", "img/logo.png", EXPIRES);
        assertNotEquals(signature.value(), foreign.value());
        String e = Long.toString(EXPIRES);
        assertEquals(Verdict.TAMPERED, verify("shop", "img/logo.png", e, foreign, 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", e, "1", "not base64!", 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", e, "1", "", 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", e, "2", signature.value(), 0), "another kid");
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", e, null, signature.value(), 0), "no kid");
    }

    @Test
    void theSameInputSignsTheSame() {
        assertEquals(signature, signer.sign("shop", "img/logo.png", EXPIRES), "links are stable: caches can share them");
        assertNotEquals(signature, signer.sign("shop", "img/logo.png", EXPIRES + 1));
    }

    @Test
    void afterARotationOldLinksOpenAndNewOnesCarryTheNewKid() {
        ring.set(ring(Map.of("1", K1, "2", K2), "2"));
        Signature fresh = signer.sign("shop", "img/logo.png", EXPIRES);
        assertEquals("2", fresh.kid());
        assertEquals(Verdict.VALID, verify("shop", "img/logo.png", Long.toString(EXPIRES), signature, 0), "kid 1 still opens");
        assertEquals(Verdict.VALID, verify("shop", "img/logo.png", Long.toString(EXPIRES), fresh, 0));

        ring.set(ring(Map.of("2", K2), "2")); // 1 retired
        assertEquals(Verdict.TAMPERED, verify("shop", "img/logo.png", Long.toString(EXPIRES), signature, 0));
        assertEquals(Verdict.VALID, verify("shop", "img/logo.png", Long.toString(EXPIRES), fresh, 0));
    }

    @Test
    void aLinkOpensOnlyTheGenerationOfTheBucketItWasMadeFor() {
        generations.put("shop", "0000000000001-0a0b0c0d");
        Signature forFirst = signer.sign("shop", "img/logo.png", EXPIRES);
        assertEquals(Verdict.VALID, verify("shop", "img/logo.png", Long.toString(EXPIRES), forFirst, 0));
        generations.put("shop", "0000000000002-01020304"); // removed and created again
        assertEquals(Verdict.TAMPERED, verify("shop", "img/logo.png", Long.toString(EXPIRES), forFirst, 0));
        assertEquals(Verdict.TAMPERED, verify("shop", "img/logo.png", Long.toString(EXPIRES), signature, 0),
                "made for the bucket before generations were recorded");
    }

    @Test
    void linksOfTheReleaseBeforeTheRingOpenWithTheLegacyKeyForTheFirstGenerationOnly() {
        String legacy = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Hmac.withKey(K2).sign("shop\nimg/logo.png\n" + EXPIRES));
        ring.set(ring(Map.of("1", K1, LinkKeys.LEGACY, K2), "1"));
        assertEquals(Verdict.VALID, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), null, legacy, 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), "1", legacy, 0));
        generations.put("shop", "0000000000001-0a0b0c0d");
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), null, legacy, 0),
                "the bucket was created again since");
        generations.clear();
        ring.set(ring(Map.of("1", K1), "1")); // legacy retired
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), null, legacy, 0));
    }

    private static LinkKeys.Ring ring(Map<String, byte[]> keys, String signing) {
        Map<String, Hmac> open = new HashMap<>();
        keys.forEach((kid, key) -> open.put(kid, Hmac.withKey(key)));
        return new LinkKeys.Ring(Map.copyOf(open), new LinkKeys.Key(signing, open.get(signing)), List.of());
    }
}
