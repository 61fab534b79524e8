package io.imagepic.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, for every request of the S3 data path: in headers (with {@code UNSIGNED-PAYLOAD}
 * or a given payload hash) and in the query string (presigned URLs). Temporary credentials add
 * {@code x-amz-security-token}, signed.
 * <p>
 * Costs two SHA-256 of a few hundred bytes and one HMAC per request: the day's signing key (four HMACs) is
 * derived once per day and secret, and digests are reused per thread. Thread-safe; no I/O, so it runs on
 * the event loop.
 */
public final class SigV4Signer {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public static final String X_AMZ_DATE = "x-amz-date";
    public static final String X_AMZ_SECURITY_TOKEN = "x-amz-security-token";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final String region;
    private final String service;
    private final Supplier<S3Credentials> credentials;
    private volatile DayKey dayKey;
    /** The last second formatted: one {@code DateTimeFormatter} run per second, not per request (1.6 % of serving). */
    private volatile Stamp stamp;

    private record Stamp(long second, String amzDate) {
    }

    /** The signing key of one day, for one secret (credentials may rotate under us). */
    private record DayKey(String day, String secretKey, SecretKeySpec key) {
    }

    /**
     * What a header-signed request must carry: {@code x-amz-date}, {@code Authorization}, and
     * {@code x-amz-security-token} when the credentials are temporary (else null).
     */
    public record Signed(String amzDate, String authorization, String securityToken) {
    }

    /** @param credentials read on each signature, so rotated credentials (IRSA, STS) are picked up */
    public SigV4Signer(String region, String service, Supplier<S3Credentials> credentials) {
        this.region = region;
        this.service = service;
        this.credentials = credentials;
    }

    public static SigV4Signer s3(String region, S3Credentials credentials) {
        return new SigV4Signer(region, "s3", () -> credentials);
    }

    /**
     * Signs a request in its headers.
     *
     * @param canonicalUri the path exactly as sent, percent-encoded (see {@link #encodePath})
     * @param canonicalQuery the query exactly as sent, in canonical form (see {@link #canonicalQuery}); "" for none
     * @param headers the headers to sign (Host at least, and any x-amz-* header sent); x-amz-date and the
     *        security token are added here, so leave them out
     * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
     */
    public Signed sign(String method, String canonicalUri, String canonicalQuery,
            Iterable<Map.Entry<String, String>> headers, String payloadHash, Instant now) {
        return trace(method, canonicalUri, canonicalQuery, headers, payloadHash, now).signed();
    }

    /** The intermediate steps of a signature, so tests can say which one differs from a reference. */
    record Trace(String canonicalRequest, String stringToSign, Signed signed) {
    }

    Trace trace(String method, String canonicalUri, String canonicalQuery, Iterable<Map.Entry<String, String>> headers,
            String payloadHash, Instant now) {
        S3Credentials c = credentials.get();
        String amzDate = amzDate(now);
        String day = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = canonicalHeaders(headers);
        canonical.put(X_AMZ_DATE, amzDate);
        if (c.sessionToken() != null) {
            canonical.put(X_AMZ_SECURITY_TOKEN, c.sessionToken());
        }
        String signedHeaders = String.join(";", canonical.keySet());
        String request = canonicalRequest(method, canonicalUri, canonicalQuery, canonical, signedHeaders, payloadHash);
        String scope = scope(day);
        String toSign = stringToSign(amzDate, scope, request);
        String signature = HEX.formatHex(hmac(signingKey(day, c), toSign));
        String authorization = ALGORITHM + " Credential=" + c.accessKey() + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
        return new Trace(request, toSign, new Signed(amzDate, authorization, c.sessionToken()));
    }

    /**
     * A presigned URL's query string: {@code query} (raw names and values) plus the X-Amz-* parameters,
     * canonical order, ending with X-Amz-Signature. Only {@code host} is signed; the payload is unsigned.
     *
     * @param host the Host header the URL will be fetched with ("name" or "name:port")
     */
    public String presign(String method, String canonicalUri, String host, List<Map.Entry<String, String>> query,
            Duration expires, Instant now) {
        S3Credentials c = credentials.get();
        String amzDate = amzDate(now);
        String day = amzDate.substring(0, 8);
        String scope = scope(day);
        List<Map.Entry<String, String>> params = new ArrayList<>(query);
        params.add(Map.entry("X-Amz-Algorithm", ALGORITHM));
        params.add(Map.entry("X-Amz-Credential", c.accessKey() + "/" + scope));
        params.add(Map.entry("X-Amz-Date", amzDate));
        params.add(Map.entry("X-Amz-Expires", Long.toString(expires.toSeconds())));
        if (c.sessionToken() != null) {
            params.add(Map.entry("X-Amz-Security-Token", c.sessionToken()));
        }
        params.add(Map.entry("X-Amz-SignedHeaders", "host"));
        String canonicalQuery = canonicalQuery(params);
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        String request = canonicalRequest(method, canonicalUri, canonicalQuery, headers, "host", UNSIGNED_PAYLOAD);
        String signature = HEX.formatHex(hmac(signingKey(day, c), stringToSign(amzDate, scope, request)));
        return canonicalQuery + "&X-Amz-Signature=" + signature;
    }

    private String amzDate(Instant now) {
        Stamp last = stamp;
        if (last == null || last.second() != now.getEpochSecond()) {
            last = new Stamp(now.getEpochSecond(), AMZ_DATE.format(now));
            stamp = last;
        }
        return last.amzDate();
    }

    String scope(String day) {
        return day + "/" + region + "/" + service + "/aws4_request";
    }

    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            TreeMap<String, String> headers, String signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        headers.forEach((name, value) -> sb.append(name).append(':').append(value).append('\n'));
        return sb.append('\n').append(signedHeaders).append('\n').append(payloadHash).toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    }

    /** Lower-case names, sorted; values trimmed, inner runs of spaces made one; repeated names joined by ','. */
    static TreeMap<String, String> canonicalHeaders(Iterable<Map.Entry<String, String>> headers) {
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            String value = trimAll(h.getValue());
            canonical.merge(name, value, (a, b) -> a + "," + b);
        }
        return canonical;
    }

    private static String trimAll(String value) {
        String v = value.strip();
        if (v.indexOf("  ") < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == ' ') {
                if (!space) {
                    sb.append(ch);
                }
                space = true;
            } else {
                sb.append(ch);
                space = false;
            }
        }
        return sb.toString();
    }

    /**
     * The canonical query string of raw (not encoded) names and values: each encoded, sorted by name then
     * value, {@code a=b&c=}. Send exactly this string, so what is signed is what the server sees.
     */
    public static String canonicalQuery(List<Map.Entry<String, String>> params) {
        if (params.isEmpty()) {
            return "";
        }
        List<String[]> encoded = new ArrayList<>(params.size());
        for (Map.Entry<String, String> p : params) {
            encoded.add(new String[] { encode(p.getKey(), true), encode(p.getValue() == null ? "" : p.getValue(), true) });
        }
        encoded.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder();
        for (String[] p : encoded) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** An S3 path ("/bucket/key with spaces/ü.png"), each segment encoded once, slashes kept. */
    public static String encodePath(String rawPath) {
        return encode(rawPath, false);
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes: A-Z a-z 0-9 - . _ ~ stay, and '/' unless {@code slash}. */
    public static String encode(String s, boolean slash) {
        int i = 0;
        while (i < s.length() && unreserved(s.charAt(i), slash)) {
            i++;
        }
        if (i == s.length()) {
            return s; // the common case: nothing to encode, no copy
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char ch = (char) (b & 0xff);
            if (ch < 0x80 && unreserved(ch, slash)) {
                sb.append(ch);
            } else {
                sb.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean unreserved(char ch, boolean slash) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                || ch == '-' || ch == '.' || ch == '_' || ch == '~' || (ch == '/' && !slash);
    }

    private SecretKeySpec signingKey(String day, S3Credentials c) {
        DayKey k = dayKey;
        if (k == null || !k.day().equals(day) || !k.secretKey().equals(c.secretKey())) {
            byte[] key = hmac(new SecretKeySpec(("AWS4" + c.secretKey()).getBytes(StandardCharsets.UTF_8), "HmacSHA256"), day);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), region);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), service);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), "aws4_request");
            dayKey = k = new DayKey(day, c.secretKey(), new SecretKeySpec(key, "HmacSHA256"));
        }
        return k.key();
    }

    static String sha256Hex(String s) {
        return HEX.formatHex(SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
