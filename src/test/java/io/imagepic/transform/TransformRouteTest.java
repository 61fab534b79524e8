package io.imagepic.transform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.policy.BucketPolicy;
import io.imagepic.policy.PolicyService;
import io.imagepic.support.Multipart;
import io.imagepic.support.Pictures;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Transform parameters on /i/, over HTTP, on real images in a real S3 server. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class TransformRouteTest {

    static final String PUB = "tf-public";
    static final String PRIV = "tf-private";
    static final byte[] PHOTO = Pictures.jpeg(2000, 1500);

    @Inject
    MinioClient minio;
    @Inject
    PolicyService policies;
    @Inject
    MeterRegistry registry;
    @Inject
    Derivatives derivatives;
    @Inject
    DerivativeStorage storage;

    @BeforeEach
    void fixtures() throws Exception {
        S3Fixtures.bucket(minio, PUB);
        S3Fixtures.bucket(minio, PRIV);
        policies.set(PUB, BucketPolicy.PUBLIC_READ).await().indefinitely();
        policies.set(PRIV, BucketPolicy.PRIVATE).await().indefinitely();
        S3Fixtures.put(minio, PUB, "photo.jpg", PHOTO, "image/jpeg");
        S3Fixtures.put(minio, PRIV, "photo.jpg", PHOTO, "image/jpeg");
    }

    static byte[] get(String url, int status) {
        return given().get(url).then().statusCode(status).extract().asByteArray();
    }

    static String magic(byte[] b) {
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        if (b.length > 12 && new String(Arrays.copyOfRange(b, 4, 12)).equals("ftypavif")) {
            return "avif";
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpg";
        }
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        return "?";
    }

    @Test
    void eachFitGivesItsGeometry() {
        assertArrayEquals(new int[] { 256, 192 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=256&h=256", 200)));
        assertArrayEquals(new int[] { 256, 256 },
                Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=256&h=256&fit=crop", 200)));
        assertArrayEquals(new int[] { 640, 480 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=640", 200)));
        assertArrayEquals(new int[] { 128, 96 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?h=96", 200)));
        assertArrayEquals(new int[] { 3840, 2880 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=3840", 200)),
                "clip scales up");
        assertArrayEquals(new int[] { 2000, 1500 },
                Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=3840&fit=max", 200)), "max never does");
        assertArrayEquals(new int[] { 256, 192 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?w=128&dpr=2", 200)));
    }

    @Test
    void fmChoosesTheEncodingAndItsType() {
        for (String fm : new String[] { "webp", "avif", "jpg", "png" }) {
            Response r = given().get("/i/" + PUB + "/photo.jpg?w=64&fm=" + fm);
            r.then().statusCode(200).header("Content-Type", "image/" + (fm.equals("jpg") ? "jpeg" : fm))
                    .header("Vary", nullValue()).header("X-Content-Type-Options", "nosniff");
            assertEquals(fm, magic(r.asByteArray()));
        }
    }

    @Test
    void autoFormatFollowsAccept() {
        String url = "/i/" + PUB + "/photo.jpg?w=64&auto=format";
        Response avif = given().header("Accept", "image/avif,image/webp,*/*").get(url);
        avif.then().statusCode(200).header("Content-Type", "image/avif").header("Vary", "Accept");
        assertEquals("avif", magic(avif.asByteArray()));
        Response webp = given().header("Accept", "image/webp,*/*").get(url);
        webp.then().statusCode(200).header("Content-Type", "image/webp").header("Vary", "Accept");
        assertEquals("webp", magic(webp.asByteArray()));
        Response plain = given().header("Accept", "image/*").get(url);
        plain.then().statusCode(200).header("Vary", "Accept");
        assertEquals("jpg", magic(plain.asByteArray()), "the source's own format");
    }

    @Test
    void orientationIsAppliedAndExifAndGpsAreStripped() throws Exception {
        byte[] source = Pictures.jpegWithExif(400, 200, 6);
        S3Fixtures.put(minio, PUB, "phone.jpg", source, "image/jpeg");
        for (String fm : new String[] { "jpg", "webp", "png", "avif" }) {
            byte[] out = get("/i/" + PUB + "/phone.jpg?w=96&fm=" + fm, 200);
            assertArrayEquals(new int[] { 96, 192 }, Pictures.dimensions(out), "portrait, as the phone showed it");
            assertFalse(Pictures.contains(out, "Exif"), fm);
            assertFalse(Pictures.metadata(out).contains("GPS"), fm);
        }
        assertTrue(Pictures.metadata(source).contains("GPSLatitude"), "the source has a position");
    }

    @Test
    void stripExifOnUploadStoresTheOriginalWithoutItsPosition() throws Exception {
        String admin = Tokens.admin();
        byte[] phone = Pictures.jpegWithExif(300, 200, 6);
        Tokens.as(admin).header("bucket", PUB).header("naming", "original").header("strip", "exif")
                .contentType(Multipart.contentType()).body(new Multipart().file("trip.jpg", "image/jpeg", phone).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
        byte[] stored = get("/i/" + PUB + "/trip.jpg", 200);
        assertFalse(Pictures.metadata(stored).contains("GPS"), Pictures.metadata(stored));
        assertArrayEquals(new int[] { 200, 300 }, Pictures.dimensions(stored), "upright, orientation applied");
        assertEquals("jpg", magic(stored));

        Tokens.as(admin).header("bucket", PUB).header("naming", "original")
                .contentType(Multipart.contentType()).body(new Multipart().file("kept.jpg", "image/jpeg", phone).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
        assertArrayEquals(phone, get("/i/" + PUB + "/kept.jpg", 200), "without the header: stored as sent");

        Tokens.as(admin).header("bucket", PUB).header("naming", "original").header("strip", "all")
                .contentType(Multipart.contentType()).body(new Multipart().file("x.jpg", "image/jpeg", phone).bytes())
                .post("/imagepic/object/putObject").then().statusCode(400);
    }

    @Test
    void everyInputFormatIsRead() throws Exception {
        byte[] png = Pictures.pngWithAlpha(400, 300);
        Map<String, byte[]> sources = Map.of("a.png", png, "a.gif", Pictures.gif(400, 300), "a.webp",
                Pictures.viaVips(png, ".webp"), "a.avif", Pictures.viaVips(png, ".avif"), "a.heic",
                Pictures.viaVips(png, ".heic"));
        for (Map.Entry<String, byte[]> s : sources.entrySet()) {
            S3Fixtures.put(minio, PUB, s.getKey(), s.getValue(), "application/octet-stream");
            byte[] out = get("/i/" + PUB + "/" + s.getKey() + "?w=128&fm=png", 200);
            assertArrayEquals(new int[] { 128, 96 }, Pictures.dimensions(out), s.getKey());
            assertEquals("png", magic(out));
        }
        // without fm: a format every browser shows (HEIC becomes JPEG, a GIF's first frame PNG)
        assertEquals("jpg", magic(get("/i/" + PUB + "/a.heic?w=128", 200)));
        assertEquals("png", magic(get("/i/" + PUB + "/a.gif?w=128", 200)));
        assertEquals("avif", magic(get("/i/" + PUB + "/a.avif?w=128", 200)));
        // PNG with alpha to JPEG: flattened on white, not black
        byte[] jpg = get("/i/" + PUB + "/a.png?w=128&fm=jpg", 200);
        assertTrue(Pictures.pixel(jpg, 100, 80).getRed() > 100);
    }

    @Test
    void badParametersAnswer400WithTheReason() {
        String base = "/i/" + PUB + "/photo.jpg?";
        for (String q : new String[] { "x=1", "w=0", "w=8193", "w=12a", "h=-5", "fit=zoom", "fm=bmp", "q=0", "q=101",
                "dpr=4", "dpr=0.5", "dpr=1.234", "auto=compress", "preset=nope", "w=256&w=128", "w=4000&dpr=3" }) {
            given().header("Accept-Language", "en").get(base + q).then().statusCode(400)
                    .header("Content-Type", containsString("json"))
                    .body("success", equalTo(false))
                    .body("data.err", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString()));
        }
        given().header("Accept-Language", "en").get(base + "fit=zoom").then().body("data.err", containsString("fit"));
        given().header("Accept-Language", "en").get(base + "v=2").then().body("data.err",
                containsString("unknown parameter: v"));
    }

    @Test
    void withoutParametersTheOriginalIsServedAsEver() {
        assertArrayEquals(PHOTO, get("/i/" + PUB + "/photo.jpg", 200));
    }

    @Test
    void presetsAreOpenOnPublicBuckets() {
        Response r = given().header("Accept", "image/webp").get("/i/" + PUB + "/photo.jpg?preset=thumb");
        r.then().statusCode(200).header("Content-Type", "image/webp");
        assertArrayEquals(new int[] { 256, 256 }, Pictures.dimensions(r.asByteArray()));
        assertArrayEquals(new int[] { 1920, 1440 }, Pictures.dimensions(get("/i/" + PUB + "/photo.jpg?preset=view", 200)));
    }

    @Test
    void anUnsignedOddSizeOnAPublicBucketIs403() {
        given().get("/i/" + PUB + "/photo.jpg?w=300").then().statusCode(403).body("success", equalTo(false));
        given().get("/i/" + PUB + "/photo.jpg?w=256&h=301").then().statusCode(403);
        given().get("/i/" + PUB + "/photo.jpg?w=200&dpr=1.5").then().statusCode(403); // 300 after dpr
        given().get("/i/" + PUB + "/photo.jpg?preset=thumb&w=300").then().statusCode(403);
        given().get("/i/" + PUB + "/photo.jpg?w=256&fm=avif&q=31").then().statusCode(200); // other parameters are free
    }

    @Test
    void aSignedLinkCoversTheParametersAndTamperingIs403() {
        String admin = Tokens.admin();
        String url = Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", PRIV, "objectName", "photo.jpg", "transform", "fm=webp&w=300"))
                .post("/imagepic/image/signedUrl").then().statusCode(200).extract().path("data.url");
        assertTrue(url.contains("w=300&fm=webp&expires="), url);
        String path = url.substring(url.indexOf("/i/"));
        byte[] out = get(path, 200);
        assertEquals("webp", magic(out));
        assertArrayEquals(new int[] { 300, 225 }, Pictures.dimensions(out));
        get(path.replace("w=300", "w=301"), 403);
        get(path.replace("fm=webp&", ""), 403);
        get(path.replace("fm=webp", "fm=png"), 403);
        get(path.replace("w=300&", "w=300&q=10&"), 403);
        get(path.replace("w=300&fm=webp&", ""), 403); // the original with the derivative's signature
        get("/i/" + PRIV + "/photo.jpg?w=300", 401); // a private bucket without a link or a token
        // a signed link also opens another size of a public image
        String pub = Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", PUB, "objectName", "photo.jpg", "transform", "w=300"))
                .post("/imagepic/image/signedUrl").then().statusCode(200).extract().path("data.url");
        assertEquals(300, Pictures.dimensions(get(pub.substring(pub.indexOf("/i/")), 200))[0]);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", PRIV, "objectName", "photo.jpg", "transform", "w=300&signature=x"))
                .post("/imagepic/image/signedUrl").then().statusCode(400);
        Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", PRIV, "objectName", "photo.jpg", "transform", "w=99999"))
                .post("/imagepic/image/signedUrl").then().statusCode(400);
    }

    @Test
    void aTokenMayAskAnySizeOfABucketItReads() {
        String admin = Tokens.admin();
        byte[] out = Tokens.as(admin).get("/i/" + PRIV + "/photo.jpg?w=300").then().statusCode(200).extract().asByteArray();
        assertEquals(300, Pictures.dimensions(out)[0]);
        Tokens.as(admin).get("/i/" + PUB + "/photo.jpg?w=301").then().statusCode(200);
    }

    @Test
    void svgIsServedAsTheOriginalNeverRasterised() throws Exception {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".getBytes();
        S3Fixtures.put(minio, PUB, "logo.svg", svg, "image/svg+xml");
        Response r = given().get("/i/" + PUB + "/logo.svg?w=64&fm=png");
        r.then().statusCode(200).header("Content-Type", "image/svg+xml")
                .header("Content-Security-Policy", containsString("sandbox"));
        assertArrayEquals(svg, r.asByteArray());
    }

    @Test
    void aMissingSourceIs404() {
        given().get("/i/" + PUB + "/nothing.jpg?w=64").then().statusCode(404).body("success", equalTo(false));
    }

    @Test
    void aCachedVariantCostsOneGetAndKeepsItsValidators() {
        String url = "/i/" + PUB + "/photo.jpg?w=96&fm=webp";
        Response first = given().get(url);
        first.then().statusCode(200);
        double gets = upstream("GET"), heads = upstream("HEAD");
        Response second = given().get(url);
        second.then().statusCode(200).header("ETag", first.header("ETag"))
                .header("Last-Modified", first.header("Last-Modified"))
                .header("Cache-Control", "public, max-age=600").header("Accept-Ranges", "bytes");
        assertArrayEquals(first.asByteArray(), second.asByteArray());
        assertEquals(1, upstream("GET") - gets, "one S3 request per cached variant");
        assertEquals(0, upstream("HEAD") - heads);
        given().header("If-None-Match", first.header("ETag")).get(url).then().statusCode(304)
                .header("ETag", first.header("ETag"));
        byte[] part = given().header("Range", "bytes=0-9").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 0-9/" + first.asByteArray().length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOf(first.asByteArray(), 10), part);
        given().head(url).then().statusCode(200).header("Content-Length", String.valueOf(first.asByteArray().length));
    }

    @Test
    void concurrentRequestsForOneMissingVariantComputeItOnce() throws Exception {
        String url = "/i/" + PUB + "/photo.jpg?w=750&fm=webp&q=61";
        double before = registry.counter("imagepic.transform.computed").count();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = pool.invokeAll(java.util.Collections.nCopies(6, () -> given().get(url).statusCode()));
            for (var a : answers) {
                assertEquals(200, a.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, registry.counter("imagepic.transform.computed").count() - before);
    }

    @Test
    void anOverwriteChangesTheVariantAndARemovalMakesIt404() {
        String admin = Tokens.admin();
        upload(admin, "cover.jpg", Pictures.jpeg(800, 600));
        String url = "/i/" + PUB + "/cover.jpg?w=256&fm=webp";
        Response before = given().get(url);
        before.then().statusCode(200);
        assertArrayEquals(new int[] { 256, 192 }, Pictures.dimensions(before.asByteArray()));

        upload(admin, "cover.jpg", Pictures.jpeg(600, 600)); // same key, new picture
        Response after = given().get(url);
        after.then().statusCode(200);
        assertNotEquals(before.header("ETag"), after.header("ETag"));
        assertArrayEquals(new int[] { 256, 256 }, Pictures.dimensions(after.asByteArray()));

        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", PUB, "objectName", "cover.jpg"))
                .post("/imagepic/object/removeObject").then().statusCode(200);
        given().get(url).then().statusCode(404);
    }

    @Test
    void theCacheBucketIsNobodys() throws Exception {
        given().get("/i/" + PUB + "/photo.jpg?w=48").then().statusCode(200); // the cache bucket exists now
        String cache = "imagepic-derivatives";
        String admin = Tokens.admin();
        String names = Tokens.as(admin).get("/imagepic/bucket/listBuckets").then().statusCode(200).extract().asString();
        assertFalse(names.contains(cache), names);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", cache, "prefix", ""))
                .post("/imagepic/object/listObjects").then().statusCode(404);
        Tokens.as(admin).header("bucket", cache).header("naming", "original").contentType(Multipart.contentType())
                .body(new Multipart().file("planted.webp", "image/webp", Pictures.viaVips(Pictures.pngWithAlpha(8, 8), ".webp"))
                        .bytes())
                .post("/imagepic/object/putObject").then().statusCode(404);
        given().get("/i/" + cache + "/anything").then().statusCode(404);
    }

    @Test
    void theSizeLimitDeletesTheLeastRecentlyUsedAndTheyAreMadeAgain() throws Exception {
        S3Fixtures.put(minio, PUB, "lru.jpg", Pictures.jpeg(800, 600), "image/jpeg");
        for (int w : new int[] { 16, 32, 48 }) {
            given().get("/i/" + PUB + "/lru.jpg?w=" + w + "&fm=png").then().statusCode(200);
        }
        String prefix = storage.sourcePrefix(PUB, "lru.jpg");
        java.util.List<DerivativeStorage.Entry> mine = storage.list().stream().filter(e -> e.key().startsWith(prefix))
                .toList();
        assertEquals(3, mine.size());
        // a refresh (what serving an old derivative does) keeps its type and bytes
        byte[] before = get("/i/" + PUB + "/lru.jpg?w=16&fm=png", 200);
        storage.touch(mine.stream().filter(e -> e.key().endsWith("w16-h0-clip-png-q0")).findFirst().orElseThrow().key(),
                "image/png").await().indefinitely();
        Response touched = given().get("/i/" + PUB + "/lru.jpg?w=16&fm=png");
        touched.then().statusCode(200).header("Content-Type", "image/png");
        assertArrayEquals(before, touched.asByteArray());
        long total = mine.stream().mapToLong(DerivativeStorage.Entry::size).sum();
        assertTrue(derivatives.evict(mine, total - 1) >= 1);
        long left = storage.list().stream().filter(e -> e.key().startsWith(prefix)).count();
        assertTrue(left < 3, "left " + left);
        double made = registry.counter("imagepic.transform.computed").count();
        for (int w : new int[] { 16, 32, 48 }) {
            given().get("/i/" + PUB + "/lru.jpg?w=" + w + "&fm=png").then().statusCode(200);
        }
        assertEquals(3 - left, registry.counter("imagepic.transform.computed").count() - made, "the evicted are made again");
    }

    /**
     * An upload that replaces an image deletes the old version's derivatives; one that creates its key has none to
     * delete (and, since issue 24, does not list the cache for them: a leftover planted there stays).
     */
    @Test
    void anOverwriteDeletesTheOldDerivativesACreatedKeyListsNone() throws Exception {
        String admin = Tokens.admin();
        String key = "replaced-" + System.nanoTime() + ".jpg";
        String prefix = storage.sourcePrefix(PUB, key);
        storage.put(prefix + "leftover/w1", new byte[] { 1 }, "image/png").toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        upload(admin, key, Pictures.jpeg(320, 240));
        given().get("/i/" + PUB + "/" + key + "?w=16&fm=png").then().statusCode(200);
        assertEquals(2, storage.list().stream().filter(e -> e.key().startsWith(prefix)).count(),
                "created: the leftover stays beside the new derivative");
        upload(admin, key, Pictures.jpeg(240, 320));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> storage.list().stream().noneMatch(e -> e.key().startsWith(prefix)));
        int[] now = Pictures.dimensions(get("/i/" + PUB + "/" + key + "?w=16&fm=png", 200));
        assertTrue(now[0] == 16 && now[1] > 16, "made again from the new (portrait) version: " + Arrays.toString(now));
    }

    static void upload(String token, String name, byte[] bytes) {
        Tokens.as(token).header("bucket", PUB).header("naming", "original").header("overwrite", "true")
                .contentType(Multipart.contentType()).body(new Multipart().file(name, "image/jpeg", bytes).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }

    private double upstream(String method) {
        return registry.counter("imagepic.serving.upstream.requests", "method", method).count();
    }
}
