package io.imagepic.upload;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyArray;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PutObjectRouteTest {

    static final String BUCKET = "uploads";

    @Inject
    MinioClient minio;

    @TestHTTPResource(PutObjectRoute.PATH)
    URI putObject;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();

    static String token;
    static String uploaderId;

    @BeforeEach
    void cleanBucket() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
        if (token == null) {
            Tokens.Account uploader = Tokens.account().with("write", BUCKET);
            token = uploader.token();
            uploaderId = uploader.id();
        }
    }

    @Test
    void storesOnePngStreamedAndAnswersItsObject() throws Exception {
        byte[] png = Images.png(300_000, 1);
        Reply r = send(new Multipart().file("logo.png", "image/png", png), Map.of("folder", "icons"));

        assertEquals(200, r.status, r.body);
        assertEquals("0", r.json.getString("code"));
        assertEquals(true, r.json.getBoolean("success"));
        assertEquals("icons/logo.png", r.json.getString("data.key"));
        assertEquals(BUCKET, r.json.getString("data.bucket"));
        assertEquals(300_000L, r.json.getLong("data.size"));
        assertEquals("image/png", r.json.getString("data.contentType"));
        assertThat(r.json.getString("data.etag"), matchesPattern("[0-9a-f]{32}"));
        // the bucket is private: the answer's url is a signed link through the image route, and it serves the
        // bytes to whoever got it, with no token (an <img> sends none)
        String url = r.json.getString("data.url");
        assertThat(url, containsString("/i/" + BUCKET + "/icons/logo.png?expires="));
        assertEquals("signed", r.json.getString("data.urlType"));
        assertNotNull(r.json.getString("data.urlExpiresAt"));
        assertArrayEquals(png, io.restassured.RestAssured.given().get(java.net.URI.create(url)).then().statusCode(200)
                .header("Content-Type", "image/png").extract().asByteArray());

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object("icons/logo.png").build());
        assertEquals("image/png", stat.contentType());
        assertEquals(uploaderId, stat.userMetadata().get("uploader")); // x-amz-meta-uploader
        assertArrayEquals(png, read("icons/logo.png"));
    }

    @Test
    void largeFileGoesMultipartAndArrivesIntact() throws Exception {
        byte[] big = Images.jpeg(13 * 1024 * 1024 + 123, 2); // three parts of 5 MiB
        Reply r = sendStreamed(new Multipart().file("big photo.jpg", big), Map.of());
        assertEquals(200, r.status, r.body);
        assertThat(r.json.getString("data.etag"), endsWith("-3"));
        assertEquals((long) big.length, r.json.getLong("data.size"));
        assertArrayEquals(big, read("big photo.jpg"));

        Reply withLength = send(new Multipart().file("big again.jpg", big), Map.of()); // with a Content-Length
        assertEquals(200, withLength.status, withLength.body);
        assertArrayEquals(big, read("big again.jpg"));
    }

    @Test
    void severalFilesAreAnsweredPerFile() throws Exception {
        Reply r = send(new Multipart()
                .file("a.png", Images.png(1000, 3))
                .file("b.gif", Images.gif())
                .file("c.webp", Images.webp())
                .file("d.avif", Images.avif())
                .file("e.bmp", Images.bmp())
                .file("f.ico", Images.ico()), Map.of("folder", "set"));
        assertEquals(200, r.status, r.body);
        List<String> keys = r.json.getList("data.key");
        assertEquals(List.of("set/a.png", "set/b.gif", "set/c.webp", "set/d.avif", "set/e.bmp", "set/f.ico"), keys);
        assertEquals(List.of("image/png", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon"),
                r.json.getList("data.contentType"));
        assertEquals(6, S3Fixtures.count(minio, BUCKET));

        Reply mixed = send(new Multipart().file("ok.png", Images.png(500, 4)).file("bad.png", Images.html()), Map.of());
        assertEquals(207, mixed.status, mixed.body);
        assertEquals(false, mixed.json.getBoolean("success"));
        assertEquals(List.of(true, false), mixed.json.getList("data.success"));
        assertEquals(415, mixed.json.getInt("data[1].status"));
        assertEquals("ok.png", mixed.json.getString("data[0].key"));
    }

    @Test
    void keepsUtf8NamesExactlyHoweverTheyAreSent() throws Exception {
        String raw = "春节 海报 🎉.png";
        String rfc = "产品图 v2 😀.jpg";
        Reply r = send(new Multipart().file(raw, Images.png(100, 5)).fileRfc5987(rfc, Images.jpeg(100, 6)),
                Map.of("folder", "%E6%B4%BB%E5%8A%A8")); // "活动", percent-encoded as a browser must
        assertEquals(200, r.status, r.body);
        assertEquals(List.of("活动/" + raw, "活动/" + rfc), r.json.getList("data.key"));
        assertEquals(100, read("活动/" + raw).length);
        assertEquals(100, read("活动/" + rfc).length);
    }

    @Test
    void refusesNamesThatEscapeOrConfuse() throws Exception {
        for (String name : List.of("../escape.png", "a\\b.png", "ctl\u0001name.png", "del\u007fname.png", "..",
                "x".repeat(1100) + ".png")) {
            Reply r = send(new Multipart().file(name, Images.png(100, 7)), Map.of());
            assertEquals(400, r.status, name + ": " + r.body);
            assertEquals("-1", r.json.getString("code"));
        }
        Reply empty = send(new Multipart().file("", Images.png(100, 7)), Map.of());
        assertEquals(400, empty.status, empty.body);
        for (String folder : List.of("/abs", "a/../b", "a//b", "..")) {
            Reply r = send(new Multipart().file("ok.png", Images.png(100, 7)), Map.of("folder", folder));
            assertEquals(400, r.status, folder + ": " + r.body);
        }
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void theBytesDecideTheType() throws Exception {
        Reply fake = send(new Multipart().file("fake.png", "image/png", Images.html()), Map.of());
        assertEquals(415, fake.status, fake.body);
        assertThat(fake.json.getString("data.err"), containsString("不是支持的图片"));

        Reply lying = send(new Multipart().file("photo.png", Images.jpeg(200, 8)), Map.of());
        assertEquals(415, lying.status, lying.body);

        Reply declared = send(new Multipart().file("photo", "image/gif", Images.jpeg(200, 8)), Map.of());
        assertEquals(415, declared.status, declared.body);

        Reply svg = send(new Multipart().file("logo.svg", Images.svg()), Map.of());
        assertEquals(415, svg.status, svg.body);
        assertThat(svg.json.getString("data.err"), containsString("SVG"));

        Reply empty = send(new Multipart().file("empty.png", new byte[0]), Map.of());
        assertEquals(415, empty.status, empty.body);

        assertEquals(0, S3Fixtures.count(minio, BUCKET));

        Reply noExtension = send(new Multipart().file("photo", Images.jpeg(200, 8)), Map.of());
        assertEquals(200, noExtension.status, noExtension.body);
        assertEquals("image/jpeg",
                minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object("photo").build()).contentType());
    }

    @Test
    void overSizeIs413AndLeavesNothing() throws Exception {
        byte[] tooBig = Images.png(20 * 1024 * 1024 + 1, 9);
        Reply r = sendStreamed(new Multipart().file("huge.png", tooBig), Map.of()); // chunked: no Content-Length
        assertEquals(413, r.status, r.body);
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
        assertSpoolEmpty();

        Reply hashed = sendStreamed(new Multipart().file("huge.png", tooBig), Map.of("naming", "hash"));
        assertEquals(413, hashed.status, hashed.body);
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
        assertSpoolEmpty();
    }

    @Test
    void tooManyFilesAre413() throws Exception {
        Multipart m = new Multipart();
        for (int i = 0; i < 21; i++) {
            m.file("f" + i + ".png", Images.png(100, i));
        }
        Reply r = send(m, Map.of());
        assertEquals(207, r.status, r.body);
        assertEquals(413, r.json.getInt("data[20].status"));
        assertEquals(20, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void hashNamingStoresIdenticalBytesOnce() throws Exception {
        byte[] png = Images.png(7 * 1024 * 1024, 10); // multipart from the spool
        Reply first = sendStreamed(new Multipart().file("one.png", png), Map.of("naming", "hash", "folder", "h"));
        Reply second = sendStreamed(new Multipart().file("two.png", png), Map.of("naming", "hash", "folder", "h"));
        assertEquals(200, first.status, first.body);
        assertEquals(200, second.status, second.body);
        String key = first.json.getString("data.key");
        assertThat(key, matchesPattern("h/[0-9a-f]{32}\\.png"));
        assertEquals(key, second.json.getString("data.key"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
        assertArrayEquals(png, read(key));
        assertSpoolEmpty();
    }

    @Test
    void noOverwriteGives409() throws Exception {
        assertEquals(200, send(new Multipart().file("same.png", Images.png(100, 11)), Map.of()).status);
        Reply again = send(new Multipart().file("same.png", Images.png(100, 12)), Map.of("overwrite", "false"));
        assertEquals(409, again.status, again.body);
        assertEquals(100, read("same.png").length);
        assertArrayEquals(Images.png(100, 11), read("same.png"));
        Reply overwrite = send(new Multipart().file("same.png", Images.png(200, 12)), Map.of());
        assertEquals(200, overwrite.status, overwrite.body);
        assertArrayEquals(Images.png(200, 12), read("same.png"));
    }

    @Test
    void aTokenIsRequired() throws Exception {
        Reply none = send(new Multipart().file("a.png", Images.png(100, 1)), Map.of("authorization", ""));
        assertEquals(401, none.status, none.body);
        assertEquals("-1", none.json.getString("code"));
        Reply forged = send(new Multipart().file("a.png", Images.png(100, 1)), Map.of("authorization", token + "x"));
        assertEquals(401, forged.status, forged.body);
        Reply bearer = send(new Multipart().file("b.png", Images.png(100, 1)), Map.of("authorization", "Bearer " + token));
        assertEquals(200, bearer.status, bearer.body);
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void badRequestsAreRefusedBeforeReadingTheBody() throws Exception {
        Reply noBucket = send(new Multipart().file("a.png", Images.png(100, 1)), Map.of("bucket", ""));
        assertEquals(400, noBucket.status, noBucket.body);
        Reply missingBucket = send(new Multipart().file("a.png", Images.png(100, 1)), Map.of("bucket", "no-such-bucket"));
        assertEquals(404, missingBucket.status, missingBucket.body);
        Reply badNaming = send(new Multipart().file("a.png", Images.png(100, 1)), Map.of("naming", "random"));
        assertEquals(400, badNaming.status, badNaming.body);
        Reply noFile = send(new Multipart().field("x", "y"), Map.of());
        assertEquals(400, noFile.status, noFile.body);
        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(putObject).header("bucket", BUCKET).header("authorization", token)
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, json.statusCode(), json.body());
    }

    /**
     * A body that is no valid multipart gets 400 in the envelope and leaves nothing: no object, no multipart
     * upload (the first one breaks off after more than a part was sent to S3), no spool file.
     */
    @Test
    void malformedBodiesAre400AndLeaveNothing() throws Exception {
        String b = Multipart.BOUNDARY;
        String fileHead = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n\r\n";
        java.util.Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("ends mid-file, past a part", concat(fileHead.formatted("cut.png"), Images.png(6 * 1024 * 1024, 13), ""));
        bodies.put("ends mid-file, hash naming", concat(fileHead.formatted("cut2.png"), Images.png(300_000, 14), ""));
        bodies.put("garbage after a boundary",
                concat(fileHead.formatted("g.png"), Images.png(100, 15), "\r\n--" + b + "X\r\n"));
        bodies.put("huge part headers",
                concat("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.png\"\r\n"
                        + "X-Pad: " + "p".repeat(20_000) + "\r\n\r\n", Images.png(100, 16), "\r\n--" + b + "--\r\n"));
        bodies.put("no Content-Disposition", concat("--" + b + "\r\nContent-Type: image/png\r\n\r\n", Images.png(100, 17),
                "\r\n--" + b + "--\r\n"));
        bodies.put("no boundary in the body", "just some text".getBytes(StandardCharsets.US_ASCII));
        for (var body : bodies.entrySet()) {
            Reply r = exchange(HttpRequest.BodyPublishers.ofByteArray(body.getValue()),
                    body.getKey().contains("hash") ? Map.of("naming", "hash") : Map.of());
            assertEquals(400, r.status, body.getKey() + ": " + r.body);
            assertEquals("-1", r.json.getString("code"), body.getKey());
            assertEquals(false, r.json.getBoolean("success"), body.getKey());
        }
        HttpResponse<String> noBoundary = http.send(HttpRequest.newBuilder(putObject).header("bucket", BUCKET)
                .header("authorization", token).header("content-type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file("a.png", Images.png(100, 1)).bytes()))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noBoundary.statusCode(), noBoundary.body());
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
        assertSpoolEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> S3Fixtures.incompleteUploads(BUCKET) == 0);
        assertServes(); // and the service still takes a good upload
    }

    void assertServes() throws Exception {
        Reply ok = send(new Multipart().file("after.png", Images.png(1000, 18)), Map.of());
        assertEquals(200, ok.status, ok.body);
    }

    static byte[] concat(String head, byte[] bytes, String tail) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // --- helpers -----------------------------------------------------------------------------------

    record Reply(int status, String body, JsonPath json) {
    }

    Reply send(Multipart body, Map<String, String> headers) throws Exception {
        return exchange(HttpRequest.BodyPublishers.ofByteArray(body.bytes()), headers);
    }

    /** Sent chunked, without a Content-Length, as a streaming client does. */
    Reply sendStreamed(Multipart body, Map<String, String> headers) throws Exception {
        InputStream in = body.stream();
        return exchange(HttpRequest.BodyPublishers.ofInputStream(() -> in), headers);
    }

    Reply exchange(HttpRequest.BodyPublisher publisher, Map<String, String> headers) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(putObject).timeout(Duration.ofSeconds(60))
                .header("content-type", Multipart.contentType());
        if (!headers.containsKey("bucket")) {
            req.header("bucket", BUCKET);
        }
        if (!headers.containsKey("authorization")) {
            req.header("authorization", token);
        }
        headers.forEach((k, v) -> {
            if (!v.isEmpty()) {
                req.header(k, v);
            }
        });
        HttpResponse<String> resp = http.send(req.POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(resp.statusCode(), resp.body(), JsonPath.from(resp.body()));
    }

    byte[] read(String key) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** The spool file is deleted asynchronously, right after the refusal is answered: soon, but not before. */
    static void assertSpoolEmpty() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String[] left = new File(ConfigProvider.getConfig().getValue("imagepic.upload.spool-dir", String.class)).list();
            assertThat(left == null ? new String[0] : left, emptyArray());
        });
    }
}
