package io.imagepic.notification;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.imagepic.crypto.Hmac;

/**
 * Signature header of a delivery: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 * The timestamp is signed too, so a receiver can reject old (replayed) deliveries.
 */
public final class WebhookSigner {

    public static final String SIGNATURE_HEADER = "X-Imagepic-Signature";
    public static final String EVENT_HEADER = "X-Imagepic-Event";
    public static final String DELIVERY_HEADER = "X-Imagepic-Delivery";

    private WebhookSigner() {
    }

    public static String signature(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp, body);
    }

    public static String hmac(String secret, long timestamp, byte[] body) {
        return HexFormat.of().formatHex(Hmac.withKey(secret).sign((timestamp + ".").getBytes(StandardCharsets.US_ASCII), body));
    }
}
