package io.imagepic.object;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ObjectResourceTest {

    static final String BUCKET = "objects-read";
    static final byte[] PNG = "\u0089PNG\r\n\u001a\n-pixels-".getBytes(StandardCharsets.ISO_8859_1);

    @Inject
    MinioClient minio;

    @BeforeEach
    void fixtures() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        if (S3Fixtures.count(minio, BUCKET) == 0) {
            // 23 images at the top, 2 in a folder, 1 in a nested folder
            for (int i = 0; i < 23; i++) {
                S3Fixtures.put(minio, BUCKET, String.format("img-%02d.png", i), PNG, "image/png");
            }
            S3Fixtures.put(minio, BUCKET, "icons/a.png", PNG, "image/png");
            S3Fixtures.put(minio, BUCKET, "icons/b.png", PNG, "image/png");
            S3Fixtures.put(minio, BUCKET, "icons/small/c.png", PNG, "image/png");
        }
        S3Fixtures.bucket(minio, "objects-empty");
    }

    @Test
    void firstPageHasTheDefaultSizeAndTheTotalCountsFolders() {
        list("{\"bucketName\":\"" + BUCKET + "\"}").statusCode(200)
                .body("code", equalTo("0"))
                .body("data.total", equalTo(24)) // 23 objects + the icons/ folder
                .body("data.lists", hasSize(10))
                .body("data.lists[0].name", equalTo("img-00.png"))
                .body("data.lists[0].size", equalTo(PNG.length))
                .body("data.lists[0].etag", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"))
                .body("data.lists[0].lastModified", startsWith("20"));
        // folders (common prefixes) come after the objects of a listing page, as S3 answers them
        list(page(10, 3)).body("data.lists[3].prefix", equalTo("icons/")).body("data.lists[3].size", equalTo(0));
    }

    @Test
    void lastPartialPageBeyondTheEndAndAll() {
        list(page(10, 3)).statusCode(200).body("data.total", equalTo(24)).body("data.lists", hasSize(4))
                .body("data.lists[2].name", equalTo("img-22.png"));
        list(page(10, 4)).statusCode(200).body("data.total", equalTo(24)).body("data.lists", hasSize(0));
        list(page(10, -1)).statusCode(200).body("data.total", equalTo(24)).body("data.lists", hasSize(24));
    }

    @Test
    void prefixAndRecursiveListing() {
        list("{\"bucketName\":\"" + BUCKET + "\",\"prefix\":\"icons/\"}").statusCode(200)
                .body("data.total", equalTo(3))
                .body("data.lists.name", equalTo(java.util.Arrays.asList("icons/a.png", "icons/b.png", null)))
                .body("data.lists[2].prefix", equalTo("icons/small/"));
        list("{\"bucketName\":\"" + BUCKET + "\",\"prefix\":\"icons/\",\"recursive\":true}").statusCode(200)
                .body("data.total", equalTo(3))
                .body("data.lists.name", equalTo(List.of("icons/a.png", "icons/b.png", "icons/small/c.png")));
    }

    @Test
    void emptyBucketOrPrefixIsASuccessWithTotalZero() {
        list("{\"bucketName\":\"objects-empty\"}").statusCode(200).body("success", equalTo(true))
                .body("data.total", equalTo(0)).body("data.lists", hasSize(0));
        list("{\"bucketName\":\"" + BUCKET + "\",\"prefix\":\"nothing-here/\"}").statusCode(200)
                .body("data.total", equalTo(0));
    }

    @Test
    void unknownBucketMissingFieldsAndBadPagesAreClientErrors() {
        list("{\"bucketName\":\"no-such-bucket\"}").statusCode(404).body("success", equalTo(false))
                .body("code", equalTo("-1")).body("data.err", containsString("no-such-bucket"));
        list("{\"prefix\":\"x\"}").statusCode(400).body("data.err", containsString("bucketName"));
        list("{\"bucketName\":\"" + BUCKET + "\",\"pageSize\":\"ten\"}").statusCode(400)
                .body("data.err", containsString("pageSize"));
        list(page(0, 1)).statusCode(400);
        list(page(10, 0)).statusCode(400);
        list("not json").statusCode(400).body("success", equalTo(false));
    }

    @Test
    void statObjectAnswersTheSeedShape() {
        post("statObject", ref(BUCKET, "icons/a.png")).statusCode(200)
                .body("data.size", equalTo(PNG.length))
                .body("data.metaData.'content-type'", equalTo("image/png"))
                .body("data.etag", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"))
                .body("data.lastModified", startsWith("20"));
        post("statObject", ref(BUCKET, "missing.png")).statusCode(404).body("data.err", containsString("missing.png"));
        post("statObject", ref("no-such-bucket", "a.png")).statusCode(404).body("success", equalTo(false));
        post("statObject", "{\"bucketName\":\"" + BUCKET + "\"}").statusCode(400).body("data.err",
                containsString("objectName"));
    }

    @Test
    void getObjectAnswersTheSize() {
        post("getObject", ref(BUCKET, "icons/b.png")).statusCode(200).body("data", equalTo(PNG.length));
        post("getObject", ref(BUCKET, "icons/nope.png")).statusCode(404).body("success", equalTo(false));
    }

    @Test
    void presignedUrlServesTheBytesToAPlainHttpClient() throws Exception {
        String url = post("presignedGetObject",
                "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"icons/a.png\",\"expiry\":60}")
                .statusCode(200).body("data", containsString("X-Amz-Signature=")).extract().path("data");
        HttpResponse<byte[]> got = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals(PNG, got.body());

        // the signature covers the key: another object with the same query string is refused
        HttpResponse<byte[]> tampered = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url.replace("icons/a.png", "icons/b.png"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, tampered.statusCode());
    }

    @Test
    void presignedExpiryIsBounded() {
        String base = "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"icons/a.png\",\"expiry\":";
        post("presignedGetObject", base + "0}").statusCode(400).body("data.err", containsString("expiry"));
        post("presignedGetObject", base + "604801}").statusCode(400);
        post("presignedGetObject", base + "604800}").statusCode(200).body("data", containsString("X-Amz-Expires=604800"));
        // without an expiry: imagepic.serving.presign-default (1 h), not the 7-day maximum (nothing revokes one)
        post("presignedGetObject", ref(BUCKET, "icons/a.png")).statusCode(200)
                .body("data", containsString("X-Amz-Expires=3600"));
        post("presignedGetObject", ref(BUCKET, "icons/ghost.png")).statusCode(404);
    }

    private static String page(int size, int num) {
        return "{\"bucketName\":\"" + BUCKET + "\",\"pageSize\":" + size + ",\"pageNum\":" + num + "}";
    }

    private static String ref(String bucket, String object) {
        return "{\"bucketName\":\"" + bucket + "\",\"objectName\":\"" + object + "\"}";
    }

    private static ValidatableResponse list(String body) {
        return post("listObjects", body);
    }

    private static String token;

    private static ValidatableResponse post(String route, String body) {
        if (token == null) {
            token = Tokens.memberWith("read", BUCKET, "objects-empty"); // a reader of the fixtures' buckets
        }
        return Tokens.as(token).contentType(ContentType.JSON).body(body).post("/imagepic/object/" + route).then();
    }
}
