package io.imagepic.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets: keys, token secrets, invite codes, temporary passwords. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static byte[] bytes(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code length} random bytes as URL-safe base64 without padding (fits a URL, a header, a file name). */
    public static String urlSafe(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
    }

    /** {@code length} characters drawn uniformly from the alphabet (codes people type, temporary passwords). */
    public static String of(String alphabet, int length) {
        if (alphabet.isEmpty() || length < 1) {
            throw new IllegalArgumentException("an alphabet and a positive length are needed");
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(out);
    }
}
