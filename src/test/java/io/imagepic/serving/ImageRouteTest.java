package io.imagepic.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.link.ImagePath;
import io.imagepic.link.LinkSigner;
import io.imagepic.policy.BucketPolicy;
import io.imagepic.policy.PolicyService;
import io.imagepic.support.Images;
import io.imagepic.support.Management;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ImageRouteTest {

    static final String PUB = "img-public";
    static final String PRIV = "img-private";
    static final byte[] PNG = image(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' }, 3000);
    static final byte[] JPEG = image(new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0 }, 2000);
    static final byte[] SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.UTF_8);
    static final String HASHED = "avatars/" + "ab12".repeat(16) + ".jpg";

    @Inject
    MinioClient minio;
    @Inject
    PolicyService policies;
    @Inject
    LinkSigner signer;
    @Inject
    MeterRegistry registry;
    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void fixtures() throws Exception {
        S3Fixtures.bucket(minio, PUB);
        S3Fixtures.bucket(minio, PRIV);
        policies.set(PUB, BucketPolicy.PUBLIC_READ).await().indefinitely();
        policies.set(PRIV, BucketPolicy.PRIVATE).await().indefinitely();
        S3Fixtures.put(minio, PUB, "logo.png", PNG, "image/png");
        S3Fixtures.put(minio, PUB, HASHED, JPEG, "image/jpeg");
        S3Fixtures.put(minio, PUB, "icons/evil.svg", SVG, "image/svg+xml");
        S3Fixtures.put(minio, PRIV, "secret.png", PNG, "image/png");
    }

    @Test
    void pngIsServedWithTypeLengthValidatorsAndSafeHeaders() {
        Response r = given().get("/i/" + PUB + "/logo.png");
        r.then().statusCode(200)
                .header("Content-Type", "image/png")
                .header("Content-Length", String.valueOf(PNG.length))
                .header("ETag", startsWith("\""))
                .header("Last-Modified", containsString("GMT"))
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", nullValue())
                .header("Cache-Control", "public, max-age=600");
        assertArrayEquals(PNG, r.asByteArray());
    }

    @Test
    void contentAddressedJpegIsImmutable() {
        Response r = given().get("/i/" + PUB + "/" + HASHED);
        r.then().statusCode(200)
                .header("Content-Type", "image/jpeg")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("X-Content-Type-Options", "nosniff");
        assertArrayEquals(JPEG, r.asByteArray());
    }

    @Test
    void keysWithSpacesPlusAndUnicodeAreServed() throws Exception {
        String key = "团队 icons/a+b (1).png";
        S3Fixtures.put(minio, PUB, key, PNG, "image/png");
        byte[] got = given().urlEncodingEnabled(false).get(new ImagePath(PUB, key).encoded())
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(PNG, got);
    }

    @Test
    void svgIsSandboxed() {
        given().get("/i/" + PUB + "/icons/evil.svg").then().statusCode(200)
                .header("Content-Type", "image/svg+xml")
                .header("Content-Security-Policy", containsString("sandbox"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void storedTypesAreCorrectedOrDefused() throws Exception {
        // The seed stored "image/.png"; the extension tells the true type.
        S3Fixtures.put(minio, PUB, "seed/old.png", PNG, "image/.png");
        given().get("/i/" + PUB + "/seed/old.png").then().statusCode(200).header("Content-Type", "image/png");
        // HTML is never rendered in the service's origin: a sandboxed download.
        S3Fixtures.put(minio, PUB, "page.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "text/html");
        given().get("/i/" + PUB + "/page.html").then().statusCode(200)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Disposition", "attachment")
                .header("Content-Security-Policy", containsString("sandbox"));
    }

    @Test
    void conditionalRequestsAnswer304WithoutBody() {
        Response first = given().get("/i/" + PUB + "/logo.png");
        String etag = first.header("ETag");
        String lastModified = first.header("Last-Modified");

        Response notModified = given().header("If-None-Match", etag).get("/i/" + PUB + "/logo.png");
        notModified.then().statusCode(304).header("ETag", etag).header("Cache-Control", "public, max-age=600")
                .header("X-Content-Type-Options", "nosniff");
        assertEquals(0, notModified.asByteArray().length);
        given().header("If-None-Match", "\"other\", W/" + etag).get("/i/" + PUB + "/logo.png").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/i/" + PUB + "/logo.png").then().statusCode(200);

        Response sinceSame = given().header("If-Modified-Since", lastModified).get("/i/" + PUB + "/logo.png");
        sinceSame.then().statusCode(304).header("Last-Modified", lastModified);
        assertEquals(0, sinceSame.asByteArray().length);
        given().header("If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT").get("/i/" + PUB + "/logo.png")
                .then().statusCode(200).header("Content-Length", String.valueOf(PNG.length));
        // If-None-Match wins over If-Modified-Since
        given().header("If-None-Match", "\"other\"").header("If-Modified-Since", lastModified)
                .get("/i/" + PUB + "/logo.png").then().statusCode(200);
    }

    @Test
    void a304CostsOneHeadAndAnImageOneGet() {
        String etag = given().get("/i/" + PUB + "/logo.png").header("ETag");
        double gets = upstream("GET"), heads = upstream("HEAD");
        given().header("If-None-Match", etag).get("/i/" + PUB + "/logo.png").then().statusCode(304);
        assertEquals(1, upstream("HEAD") - heads);
        assertEquals(0, upstream("GET") - gets);
        given().get("/i/" + PUB + "/logo.png").then().statusCode(200);
        assertEquals(1, upstream("HEAD") - heads);
        assertEquals(1, upstream("GET") - gets);
    }

    @Test
    void httpMetricsHaveOneSeriesForAllImages() {
        given().get("/i/" + PUB + "/logo.png").then().statusCode(200);
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("uri=\"/i/{bucket}/{key}\""))
                .body(org.hamcrest.Matchers.not(containsString("logo.png")));
    }

    /**
     * A hot immutable image is answered from memory, with exactly the status, headers and bytes an answer from S3
     * has (compared with the same bytes under a key that is never cached), for every kind of request; none of
     * them costs the S3 server a request. Writing or removing the key through the service evicts it at once.
     */
    @Test
    void hotImmutableImagesAreAnsweredFromMemoryAsFromS3() throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Instant.now().toString()
                .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        String hashed = "/i/" + PUB + "/hot/" + hex + ".jpg";
        String plain = "/i/" + PUB + "/hot/" + hex + "-plain.jpg";
        byte[] jpeg = image(new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0 }, 40_000);
        S3Fixtures.put(minio, PUB, "hot/" + hex + ".jpg", jpeg, "image/jpeg");
        S3Fixtures.put(minio, PUB, "hot/" + hex + "-plain.jpg", jpeg, "image/jpeg");
        Response fromS3 = given().get(hashed); // a miss: streamed from S3 and kept
        fromS3.then().statusCode(200);
        assertArrayEquals(jpeg, fromS3.asByteArray());
        String etag = fromS3.header("ETag");
        String lastModified = fromS3.header("Last-Modified");
        // the twin may have been stored a second later: the one date that is "not modified" for both is the later one
        String twinModified = given().head(plain).header("Last-Modified");
        String notModifiedForBoth = java.time.ZonedDateTime.parse(twinModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                .isAfter(java.time.ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)) ? twinModified
                        : lastModified;

        java.util.List<java.util.Map<String, String>> requests = java.util.List.of(
                java.util.Map.of(),
                java.util.Map.of("Range", "bytes=100-199"),
                java.util.Map.of("Range", "bytes=39990-"),
                java.util.Map.of("Range", "bytes=-10"),
                java.util.Map.of("Range", "bytes=-100000"),
                java.util.Map.of("Range", "bytes=0-5,10-12"),
                java.util.Map.of("Range", "bytes=40000-"),
                java.util.Map.of("If-None-Match", etag),
                java.util.Map.of("If-None-Match", "\"other\""),
                java.util.Map.of("If-Modified-Since", notModifiedForBoth),
                java.util.Map.of("Range", "bytes=0-9", "If-Range", etag),
                java.util.Map.of("Range", "bytes=0-9", "If-Range", "\"other\""));
        java.util.List<Response> fromS3Twin = new java.util.ArrayList<>();
        for (String method : new String[] { "GET", "HEAD" }) {
            for (var headers : requests) {
                fromS3Twin.add(given().headers(headers).request(method, plain));
            }
        }
        double gets = upstream("GET"), heads = upstream("HEAD");
        double hits = registry.counter("imagepic.serving.cache.requests", "result", "hit").count();
        java.util.List<Response> fromMemory = new java.util.ArrayList<>();
        for (String method : new String[] { "GET", "HEAD" }) {
            for (var headers : requests) {
                fromMemory.add(given().headers(headers).request(method, hashed));
            }
        }
        assertEquals(gets, upstream("GET"), "no GET reached S3");
        assertEquals(heads, upstream("HEAD"), "no HEAD reached S3");
        assertEquals(2 * requests.size(), registry.counter("imagepic.serving.cache.requests", "result", "hit").count() - hits);
        String[] compared = { "Content-Type", "Content-Length", "Content-Range", "ETag", "Accept-Ranges",
                "X-Content-Type-Options", "Content-Security-Policy", "Content-Disposition" };
        for (int i = 0; i < fromMemory.size(); i++) {
            Response memory = fromMemory.get(i);
            Response s3 = fromS3Twin.get(i);
            String what = (i < requests.size() ? "GET " : "HEAD ") + requests.get(i % requests.size());
            assertEquals(s3.statusCode(), memory.statusCode(), what);
            for (String h : compared) {
                assertEquals(s3.header(h), memory.header(h), what + ": " + h);
            }
            assertArrayEquals(s3.asByteArray(), memory.asByteArray(), what);
            if (memory.statusCode() != 416) {
                assertEquals(lastModified, memory.header("Last-Modified"), what);
                assertEquals("public, max-age=31536000, immutable", memory.header("Cache-Control"), what);
            }
        }
        assertEquals(206, fromMemory.get(1).statusCode(), "a range from memory");
        assertArrayEquals(Arrays.copyOfRange(jpeg, 100, 200), fromMemory.get(1).asByteArray());
        assertEquals(416, fromMemory.get(6).statusCode());
        assertEquals(304, fromMemory.get(7).statusCode());

        // written through the service (overwrite by its uploader: the admin), the next answer is the new image
        String admin = Tokens.admin();
        byte[] replaced = image(new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0 }, 30_000);
        for (int i = 0; i < 2; i++) {
            Tokens.as(admin).header("bucket", PUB).header("folder", "hot")
                    .contentType(io.imagepic.support.Multipart.contentType())
                    .body(new io.imagepic.support.Multipart().file(hex + ".jpg", "image/jpeg", i == 0 ? jpeg : replaced)
                            .bytes())
                    .post("/imagepic/object/putObject").then().statusCode(200);
        }
        assertArrayEquals(replaced, given().get(hashed).then().statusCode(200).extract().asByteArray());
        assertArrayEquals(replaced, given().get(hashed).then().statusCode(200).extract().asByteArray());
        Tokens.as(admin).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("bucketName", PUB, "objectName", "hot/" + hex + ".jpg"))
                .post("/imagepic/object/removeObject").then().statusCode(200);
        given().get(hashed).then().statusCode(404);
    }

    private double upstream(String method) {
        return registry.counter("imagepic.serving.upstream.requests", "method", method).count();
    }

    @Test
    void rangesAnswer206Or416() {
        Response part = given().header("Range", "bytes=10-19").get("/i/" + PUB + "/logo.png");
        part.then().statusCode(206).header("Content-Range", "bytes 10-19/" + PNG.length)
                .header("Content-Length", "10").header("Content-Type", "image/png");
        assertArrayEquals(Arrays.copyOfRange(PNG, 10, 20), part.asByteArray());

        Response suffix = given().header("Range", "bytes=-5").get("/i/" + PUB + "/logo.png");
        suffix.then().statusCode(206).header("Content-Range",
                "bytes " + (PNG.length - 5) + "-" + (PNG.length - 1) + "/" + PNG.length);
        assertArrayEquals(Arrays.copyOfRange(PNG, PNG.length - 5, PNG.length), suffix.asByteArray());

        given().header("Range", "bytes=5000-6000").get("/i/" + PUB + "/logo.png").then().statusCode(416)
                .header("Content-Range", "bytes */" + PNG.length).body("success", equalTo(false));

        // Several ranges are not supported: the whole image, as RFC 9110 allows.
        given().header("Range", "bytes=0-1,5-6").get("/i/" + PUB + "/logo.png").then().statusCode(200)
                .header("Content-Length", String.valueOf(PNG.length));
    }

    @Test
    void rangeWithValidatorsUsesIfRange() {
        String etag = given().get("/i/" + PUB + "/logo.png").header("ETag");
        given().header("Range", "bytes=0-3").header("If-Range", etag).get("/i/" + PUB + "/logo.png")
                .then().statusCode(206).header("Content-Length", "4");
        given().header("Range", "bytes=0-3").header("If-Range", "\"stale\"").get("/i/" + PUB + "/logo.png")
                .then().statusCode(200).header("Content-Length", String.valueOf(PNG.length));
        given().header("Range", "bytes=9000-").header("If-Range", etag).get("/i/" + PUB + "/logo.png")
                .then().statusCode(416).header("Content-Range", "bytes */" + PNG.length);
    }

    @Test
    void headAnswersHeadersOnly() {
        Response r = given().head("/i/" + PUB + "/logo.png");
        r.then().statusCode(200).header("Content-Type", "image/png")
                .header("Content-Length", String.valueOf(PNG.length))
                .header("ETag", startsWith("\"")).header("X-Content-Type-Options", "nosniff");
        assertEquals(0, r.asByteArray().length);
        given().head("/i/" + PUB + "/nope.png").then().statusCode(404);
    }

    @Test
    void missingImageIs404() {
        given().get("/i/" + PUB + "/nope/missing.png").then().statusCode(404)
                .header("Cache-Control", "no-store")
                .body("success", equalTo(false)).body("code", equalTo("-1"))
                .body("data.err", containsString("nope/missing.png"));
    }

    @Test
    void traversalIs400() throws Exception {
        assertEquals(400, rawStatus("/i/" + PUB + "/../" + PUB + "/logo.png"));
        assertEquals(400, rawStatus("/i/" + PUB + "/%2e%2e/" + PUB + "/logo.png"));
        assertEquals(400, rawStatus("/i/../imagepic/bucket/listBuckets"));
        assertEquals(400, rawStatus("/i/" + PUB + "/icons%2F..%2Fsecret.png"));
        assertEquals(400, rawStatus("/i/" + PUB + "/icons//evil.svg"));
        assertEquals(400, rawStatus("/i/" + PUB + "/./logo.png"));
        assertEquals(200, rawStatus("/i/" + PUB + "/logo.png"));
    }

    @Test
    void privateImagesNeedATokenOrASignedLink() throws Exception {
        given().get("/i/" + PRIV + "/secret.png").then().statusCode(401).body("success", equalTo(false));
        // an unknown bucket is private too: nothing tells it apart from an existing one
        given().get("/i/no-such-bucket/secret.png").then().statusCode(401);

        long expires = Instant.now().getEpochSecond() + 60;
        LinkSigner.Signature signed = signer.sign(PRIV, "secret.png", expires);
        String sig = signed.value();
        String kid = "&kid=" + signed.kid();
        Response ok = given().get("/i/" + PRIV + "/secret.png?" + signed.query(expires));
        ok.then().statusCode(200).header("Content-Type", "image/png")
                .header("Cache-Control", startsWith("private, max-age="));
        assertArrayEquals(PNG, ok.asByteArray());
        int maxAge = Integer.parseInt(ok.header("Cache-Control").replaceAll(".*max-age=(\\d+).*", "$1"));
        assertEquals(true, maxAge <= 60 && maxAge > 50, "cached no longer than the link lives: " + maxAge);

        // tampered: other expiry, other key, other signature, another or no kid
        given().get("/i/" + PRIV + "/secret.png?expires=" + (expires + 1) + kid + "&signature=" + sig).then().statusCode(403)
                .body("data.err", containsString("签名链接无效"));
        S3Fixtures.put(minio, PRIV, "other.png", PNG, "image/png");
        given().get("/i/" + PRIV + "/other.png?expires=" + expires + kid + "&signature=" + sig).then().statusCode(403);
        given().get("/i/" + PRIV + "/secret.png?expires=" + expires + kid + "&signature=" + sig.substring(1) + "A").then()
                .statusCode(403);
        given().get("/i/" + PRIV + "/secret.png?expires=soon" + kid + "&signature=" + sig).then().statusCode(403);
        given().get("/i/" + PRIV + "/secret.png?expires=" + expires + "&kid=999999&signature=" + sig).then().statusCode(403);
        given().get("/i/" + PRIV + "/secret.png?expires=" + expires + "&signature=" + sig).then().statusCode(403);

        long past = Instant.now().getEpochSecond() - 1;
        given().get("/i/" + PRIV + "/secret.png?" + signer.sign(PRIV, "secret.png", past).query(past))
                .then().statusCode(403).body("data.err", containsString("已过期"));
    }

    @Test
    void largeImagesStreamIntact() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        S3Fixtures.put(minio, PUB, "big/photo.jpg", big, "image/jpeg");
        byte[] got = given().get("/i/" + PUB + "/big/photo.jpg").then().statusCode(200)
                .header("Content-Length", String.valueOf(big.length)).extract().asByteArray();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertEquals(HexFormat.of().formatHex(sha.digest(big)), HexFormat.of().formatHex(sha.digest(got)));
    }

    @Test
    void anUploadAnswersItsPermanentLinkServedAsImmutable() {
        byte[] png = Images.png(5000, 77);
        String url = Tokens.as(Tokens.memberWith("write", PUB)).header("bucket", PUB).header("folder", "e2e")
                .header("naming", "hash")
                .multiPart("file", "shot.png", png, "image/png").post("/imagepic/object/putObject")
                .then().statusCode(200).extract().path("data.url");
        org.hamcrest.MatcherAssert.assertThat(url,
                org.hamcrest.Matchers.matchesPattern("http://[^/]+/i/" + PUB + "/e2e/[0-9a-f]{32}\\.png"));
        byte[] got = given().get(java.net.URI.create(url)).then().statusCode(200)
                .header("Content-Type", "image/png")
                .header("Cache-Control", "public, max-age=31536000, immutable").extract().asByteArray();
        assertArrayEquals(png, got);
    }

    @Test
    void presignedGetObjectOfTheSeedStillWorks() throws Exception {
        String url = Tokens.as(Tokens.memberWith("read", PUB)).contentType("application/json")
                .body("{\"bucketName\":\"" + PUB + "\",\"objectName\":\"logo.png\",\"expiry\":600}")
                .post("/imagepic/object/presignedGetObject").then().statusCode(200)
                .body("success", equalTo(true)).extract().path("data");
        assertArrayEquals(PNG, new URL(url).openStream().readAllBytes());
    }

    /** Sends the path as is: HTTP clients normalize "..", browsers too, attackers do not. */
    private int rawStatus(String rawPath) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static byte[] image(byte[] magic, int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }
}
