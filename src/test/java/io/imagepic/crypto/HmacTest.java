package io.imagepic.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HmacTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc4231TestCases() {
        // RFC 4231, test cases 1 and 2 (HMAC-SHA-256)
        byte[] key1 = new byte[20];
        java.util.Arrays.fill(key1, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HexFormat.of().formatHex(Hmac.withKey(key1).sign(ascii("Hi There"))));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HexFormat.of().formatHex(Hmac.withKey("Jefe").sign("what do ya want for nothing?")));
    }

    @Test
    void partsAreOneMessage() {
        Hmac hmac = Hmac.withKey("k");
        assertArrayEquals(hmac.sign(ascii("12.body")), hmac.sign(ascii("12."), ascii("body")));
        assertTrue(hmac.verify(hmac.sign(ascii("12.body")), ascii("12."), ascii("body")));
        assertFalse(hmac.verify(hmac.sign(ascii("12.body")), ascii("13."), ascii("body")));
        assertFalse(hmac.verify(null, ascii("x")));
        assertFalse(Hmac.withKey("other").verify(hmac.sign("m"), ascii("m")));
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hmac.withKey(new byte[0]));
    }

    @Test
    void secretsHaveTheirLengthAlphabetAndDiffer() {
        assertEquals(43, Secrets.urlSafe(32).length());
        assertTrue(Secrets.urlSafe(32).matches("[A-Za-z0-9_-]{43}"));
        assertTrue(Secrets.of("abc", 50).matches("[abc]{50}"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(Secrets.urlSafe(16)), "a repeated secret");
        }
        assertThrows(IllegalArgumentException.class, () -> Secrets.bytes(0));
        assertThrows(IllegalArgumentException.class, () -> Secrets.of("", 4));
    }
}
