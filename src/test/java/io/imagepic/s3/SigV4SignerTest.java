package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signer against AWS's published references: the Signature V4 test suite (generic service
 * "service", files in src/test/resources/aws-sig-v4-test-suite) and the worked S3 examples of the S3 API
 * reference ("Signature Calculations for the Authorization Header" and "Authenticating Requests: Using
 * Query Parameters"). Each suite case checks the canonical request, the string to sign and the header
 * separately, so a failure says which step went wrong. Real requests are signed in S3SignerS3ProxyTest.
 */
class SigV4SignerTest {

    private static final String SUITE = "/aws-sig-v4-test-suite/";
    private static final S3Credentials SUITE_KEYS = S3Credentials.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    /** From the suite's post-sts-token readme. */
    private static final String SUITE_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static final S3Credentials S3_DOC_KEYS = S3Credentials.of("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final Instant S3_DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = { "get-vanilla", "get-vanilla-query", "get-vanilla-empty-query-key",
            "get-vanilla-query-order-key", "get-vanilla-query-order-key-case", "get-vanilla-query-order-value",
            "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-utf8", "get-unreserved",
            "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim", "get-header-value-multiline",
            "post-vanilla", "post-vanilla-query", "post-vanilla-empty-query-value", "post-header-key-case",
            "post-header-key-sort", "post-header-value-case", "post-sts-header-before", "post-sts-header-after" })
    void signsLikeTheAwsTestSuite(String name) throws Exception {
        SuiteRequest r = SuiteRequest.parse(read(name, "req"));
        SigV4Signer signer = new SigV4Signer("us-east-1", "service",
                () -> new S3Credentials(SUITE_KEYS.accessKey(), SUITE_KEYS.secretKey(), r.securityToken));

        SigV4Signer.Trace t = signer.trace(r.method, SigV4Signer.encodePath(r.path), SigV4Signer.canonicalQuery(r.query),
                r.headers, sha256Hex(r.body), r.date);

        String creq = read(name, "creq");
        String sts = read(name, "sts");
        String authz = read(name, "authz");
        assertAll(() -> assertEquals(creq, t.canonicalRequest(), "canonical request"),
                () -> assertEquals(sts, t.stringToSign(), "string to sign"),
                () -> assertEquals(authz, t.signed().authorization(), "Authorization"));
        assertEquals("20150830T123600Z", t.signed().amzDate());
        assertEquals(r.securityToken, t.signed().securityToken());
    }

    /**
     * The two form-urlencoded cases of the 2019 suite are not self-consistent: their .creq signs
     * Content-Length, but their .sts and .authz were left from the earlier revision, which did not sign it
     * (and, for -parameters, sent "charset=utf8"). The signer matches the new .creq, and reproduces the old
     * signatures from the old requests.
     */
    @Test
    void formUrlencodedCasesOfBothSuiteRevisions() throws Exception {
        for (String name : List.of("post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters")) {
            SuiteRequest r = SuiteRequest.parse(read(name, "req"));
            SigV4Signer signer = new SigV4Signer("us-east-1", "service", () -> SUITE_KEYS);
            assertEquals(read(name, "creq"), signer.trace(r.method, "/", "", r.headers, sha256Hex(r.body), r.date)
                    .canonicalRequest(), name);
        }
        SigV4Signer signer = new SigV4Signer("us-east-1", "service", () -> SUITE_KEYS);
        Instant date = Instant.parse("2015-08-30T12:36:00Z");
        String body = sha256Hex("Param1=value1".getBytes(StandardCharsets.UTF_8));
        SigV4Signer.Trace old = signer.trace("POST", "/", "",
                List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded"),
                        Map.entry("Host", "example.amazonaws.com")),
                body, date);
        assertEquals(read("post-x-www-form-urlencoded", "sts"), old.stringToSign());
        assertEquals(read("post-x-www-form-urlencoded", "authz"), old.signed().authorization());
        SigV4Signer.Trace oldParameters = signer.trace("POST", "/", "", List.of(
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf8"),
                Map.entry("Host", "example.amazonaws.com")), body, date);
        assertEquals(read("post-x-www-form-urlencoded-parameters", "sts"), oldParameters.stringToSign());
        String authz = read("post-x-www-form-urlencoded-parameters", "authz");
        assertEquals(authz.substring(authz.indexOf("Signature=")),
                oldParameters.signed().authorization().substring(oldParameters.signed().authorization().indexOf("Signature=")));
    }

    /** post-sts-header-after: the token added after signing changes nothing signed; before: it is signed. */
    @Test
    void aSessionTokenIsSignedWhenTheCredentialsCarryOne() throws Exception {
        SuiteRequest r = SuiteRequest.parse(read("post-vanilla", "req"));
        String withToken = new SigV4Signer("us-east-1", "service",
                () -> new S3Credentials(SUITE_KEYS.accessKey(), SUITE_KEYS.secretKey(), SUITE_TOKEN))
                .sign("POST", "/", "", r.headers, SigV4Signer.EMPTY_SHA256, r.date).authorization();
        assertEquals(read("post-sts-header-before", "authz"), withToken);
        assertNotEquals(read("post-sts-header-after", "authz"), withToken);
    }

    @Test
    void s3GetObjectExample() {
        // S3 API reference, "Example: GET Object": the first 10 bytes of examplebucket/test.txt
        String auth = s3DocSigner().sign("GET", "/test.txt", "", List.of(
                Map.entry("Host", "examplebucket.s3.amazonaws.com"),
                Map.entry("Range", "bytes=0-9"),
                Map.entry("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256)), SigV4Signer.EMPTY_SHA256, S3_DOC_TIME)
                .authorization();
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", auth);
    }

    @Test
    void s3PutObjectExampleWithAPayloadHashAndAnEncodedKey() throws Exception {
        // "Example: PUT Object": key test$file.text, body "Welcome to Amazon S3."
        String payload = sha256Hex("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8));
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", payload);
        assertEquals("/test%24file.text", SigV4Signer.encodePath("/test$file.text"));
        String auth = s3DocSigner().sign("PUT", SigV4Signer.encodePath("/test$file.text"), "", List.of(
                Map.entry("Host", "examplebucket.s3.amazonaws.com"),
                Map.entry("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                Map.entry("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                Map.entry("x-amz-content-sha256", payload)), payload, S3_DOC_TIME).authorization();
        assertTrue(auth.endsWith("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"), auth);
    }

    @Test
    void s3SubresourceAndListingExamples() {
        // "Example: GET Bucket Lifecycle" (a parameter with no value) and "Example: Get Bucket (List Objects)"
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Host", "examplebucket.s3.amazonaws.com"),
                Map.entry("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256));
        String lifecycle = SigV4Signer.canonicalQuery(List.of(Map.entry("lifecycle", "")));
        assertEquals("lifecycle=", lifecycle);
        assertTrue(s3DocSigner().sign("GET", "/", lifecycle, headers, SigV4Signer.EMPTY_SHA256, S3_DOC_TIME).authorization()
                .endsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
        String list = SigV4Signer.canonicalQuery(List.of(Map.entry("prefix", "J"), Map.entry("max-keys", "2")));
        assertEquals("max-keys=2&prefix=J", list);
        assertTrue(s3DocSigner().sign("GET", "/", list, headers, SigV4Signer.EMPTY_SHA256, S3_DOC_TIME).authorization()
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
    }

    @Test
    void s3PresignedUrlExample() {
        // "Authenticating Requests: Using Query Parameters": GET examplebucket/test.txt for 24 hours
        String query = s3DocSigner().presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(),
                Duration.ofHours(24), S3_DOC_TIME);
        assertEquals("X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", query);
    }

    @Test
    void aPresignedUrlCarriesTheSessionToken() {
        SigV4Signer signer = SigV4Signer.s3("us-east-1",
                new S3Credentials(S3_DOC_KEYS.accessKey(), S3_DOC_KEYS.secretKey(), "TOKEN/+="));
        String query = signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(),
                Duration.ofHours(24), S3_DOC_TIME);
        assertTrue(query.contains("&X-Amz-Security-Token=TOKEN%2F%2B%3D&"), query);
        assertNotEquals(s3PresignedSignature(s3DocSigner()), query.substring(query.lastIndexOf('=') + 1));
    }

    @Test
    void rotatedCredentialsAreUsedAtOnceEvenOnTheSameDay() {
        AtomicReference<S3Credentials> current = new AtomicReference<>(S3_DOC_KEYS);
        SigV4Signer signer = new SigV4Signer("us-east-1", "s3", current::get);
        String before = s3PresignedSignature(signer);
        assertEquals("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", before);
        current.set(S3Credentials.of("AKIAIOSFODNN7EXAMPLE", "another-secret"));
        assertNotEquals(before, s3PresignedSignature(signer)); // the cached day key was not reused
        current.set(S3_DOC_KEYS);
        assertEquals(before, s3PresignedSignature(signer));
    }

    @Test
    void theDayKeyFollowsTheDate() {
        SigV4Signer signer = s3DocSigner();
        String day1 = signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(), Duration.ofHours(24),
                S3_DOC_TIME);
        String day2 = signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(), Duration.ofHours(24),
                S3_DOC_TIME.plus(Duration.ofDays(1)));
        assertTrue(day2.contains("%2F20130525%2F"), day2);
        assertEquals(day1, signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(),
                Duration.ofHours(24), S3_DOC_TIME));
    }

    @Test
    void encodesKeysTheS3Way() {
        assertEquals("/b/a%20b/%C3%BC%2B%3D%26.png", SigV4Signer.encodePath("/b/a b/ü+=&.png"));
        assertEquals("a%2Fb", SigV4Signer.encode("a/b", true));
        assertEquals("-._~AZaz09", SigV4Signer.encode("-._~AZaz09", true));
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        String s = new S3Credentials("AK", "the-secret", "the-token").toString();
        assertTrue(s.contains("AK") && !s.contains("the-secret") && !s.contains("the-token"), s);
    }

    private static String s3PresignedSignature(SigV4Signer signer) {
        String q = signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", List.of(), Duration.ofHours(24),
                S3_DOC_TIME);
        return q.substring(q.lastIndexOf('=') + 1);
    }

    private static SigV4Signer s3DocSigner() {
        return SigV4Signer.s3("us-east-1", S3_DOC_KEYS);
    }

    private static String read(String name, String ext) throws IOException {
        try (InputStream in = SigV4SignerTest.class.getResourceAsStream(SUITE + name + "/" + name + "." + ext)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name + "." + ext);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256Hex(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** A suite .req file: request line, headers (a line starting with a space continues a value), body. */
    private static final class SuiteRequest {
        String method;
        String path;
        final List<Map.Entry<String, String>> query = new ArrayList<>();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        Instant date;
        String securityToken;
        byte[] body = new byte[0];

        static SuiteRequest parse(String text) {
            SuiteRequest r = new SuiteRequest();
            String[] lines = text.split("\n", -1);
            String[] requestLine = lines[0].split(" ");
            r.method = requestLine[0];
            String uri = lines[0].substring(r.method.length() + 1, lines[0].lastIndexOf(" HTTP/"));
            int q = uri.indexOf('?');
            r.path = q < 0 ? uri : uri.substring(0, q);
            if (q >= 0) {
                for (String p : uri.substring(q + 1).split("&")) {
                    int eq = p.indexOf('=');
                    r.query.add(eq < 0 ? Map.entry(p, "") : Map.entry(p.substring(0, eq), p.substring(eq + 1)));
                }
            }
            int i = 1;
            String lastName = null;
            for (; i < lines.length && !lines[i].isEmpty(); i++) {
                String line = lines[i];
                if (Character.isWhitespace(line.charAt(0))) {
                    r.headers.add(Map.entry(lastName, line.strip()));
                    continue;
                }
                int colon = line.indexOf(':');
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1);
                lastName = name;
                if (name.equalsIgnoreCase("X-Amz-Date")) {
                    r.date = AMZ_DATE.parse(value.strip(), Instant::from); // the signer adds the header itself
                } else if (name.equalsIgnoreCase("X-Amz-Security-Token")) {
                    r.securityToken = value.strip(); // comes with the credentials
                } else {
                    r.headers.add(Map.entry(name, value));
                }
            }
            if (i < lines.length - 1) {
                r.body = String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length))
                        .getBytes(StandardCharsets.UTF_8);
            }
            return r;
        }
    }
}
