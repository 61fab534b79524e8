package io.imagepic.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imagepic.link.LinkSigner.Verdict;

/** Signed links: valid until their expiry second, then expired; any change to what was signed is tampering. */
class LinkSignerTest {

    static final long EXPIRES = 1_800_000_000L;
    final LinkSigner signer = new LinkSigner("a-signing-key-of-at-least-32-chars!!".getBytes(StandardCharsets.UTF_8));
    final String signature = signer.sign("shop", "img/logo.png", EXPIRES);

    @ParameterizedTest(name = "now = expiry {0} s: {1}")
    @CsvSource({ "-3600, VALID", "-1, VALID", "0, EXPIRED", "1, EXPIRED", "86400, EXPIRED" })
    void aLinkIsValidUntilItsExpirySecond(long nowMinusExpiry, Verdict verdict) {
        assertEquals(verdict, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), signature,
                EXPIRES + nowMinusExpiry));
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
        assertEquals(Verdict.TAMPERED, signer.verify(bucket, key, expires, signature, EXPIRES - 10));
        assertEquals(Verdict.TAMPERED, signer.verify(bucket, key, expires, signature, EXPIRES + 10),
                "a forged link says nothing about its expiry");
    }

    @Test
    void aSignatureFromAnotherKeyOrGarbageIsTampering() {
        LinkSigner other = new LinkSigner("another-signing-key-of-32-chars-or-more".getBytes(StandardCharsets.UTF_8));
        String foreign = other.sign("shop", "img/logo.png", EXPIRES);
        assertNotEquals(signature, foreign);
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), foreign, 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), "not base64!", 0));
        assertEquals(Verdict.TAMPERED, signer.verify("shop", "img/logo.png", Long.toString(EXPIRES), "", 0));
    }

    @Test
    void theSameInputSignsTheSame() {
        assertEquals(signature, signer.sign("shop", "img/logo.png", EXPIRES), "links are stable: caches can share them");
        assertNotEquals(signature, signer.sign("shop", "img/logo.png", EXPIRES + 1));
    }
}
