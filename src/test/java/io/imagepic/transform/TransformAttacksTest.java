package io.imagepic.transform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.policy.BucketPolicy;
import io.imagepic.policy.PolicyService;
import io.imagepic.support.Pictures;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The attacks an image service meets, performed over HTTP on a public bucket: decompression bombs, broken
 * files, a flood of distinct variants. Each must answer 4xx (or 503 with Retry-After) at once, with memory
 * bounded, and nothing may hang.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class TransformAttacksTest {

    static final String PUB = "tf-attacks";

    @Inject
    MinioClient minio;
    @Inject
    PolicyService policies;
    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void bucket() throws Exception {
        S3Fixtures.bucket(minio, PUB);
        policies.set(PUB, BucketPolicy.PUBLIC_READ).await().indefinitely();
    }

    /** This JVM's resident memory (the service runs in it), in bytes. */
    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void aPngClaimingTenGigapixelsIsRefusedBeforeDecoding() throws Exception {
        S3Fixtures.put(minio, PUB, "bomb.png", Pictures.pngHeaderClaiming(100_000, 100_000), "image/png");
        long before = rss();
        long start = System.nanoTime();
        given().get("/i/" + PUB + "/bomb.png?w=256").then().statusCode(422).body("success", equalTo(false));
        long ms = (System.nanoTime() - start) / 1_000_000;
        long grown = rss() - before;
        System.out.printf("100k x 100k PNG header: answered in %d ms, RSS grew %d KiB%n", ms, grown / 1024);
        assertTrue(grown < 50L * 1024 * 1024, "RSS grew " + grown + " bytes");
    }

    @Test
    void aJpegClaimingAGigapixelAndTruncatedFilesAre4xx() throws Exception {
        S3Fixtures.put(minio, PUB, "bomb.jpg", Pictures.jpegClaiming(32_000, 32_000), "image/jpeg");
        given().get("/i/" + PUB + "/bomb.jpg?w=256").then().statusCode(422);
        S3Fixtures.put(minio, PUB, "half.jpg", Pictures.truncated(Pictures.jpeg(1200, 900), 0.5), "image/jpeg");
        given().get("/i/" + PUB + "/half.jpg?w=256").then().statusCode(422);
        byte[] png = Pictures.pngWithAlpha(600, 400);
        S3Fixtures.put(minio, PUB, "half.png", Pictures.truncated(png, 0.6), "image/png");
        given().get("/i/" + PUB + "/half.png?w=256").then().statusCode(422);
        S3Fixtures.put(minio, PUB, "noise.jpg", io.imagepic.support.Images.jpeg(5000, 3), "image/jpeg");
        given().get("/i/" + PUB + "/noise.jpg?w=256").then().statusCode(422);
        S3Fixtures.put(minio, PUB, "page.html", io.imagepic.support.Images.html(), "text/html");
        given().get("/i/" + PUB + "/page.html?w=256").then().statusCode(415);
        // the originals are still served as they are
        given().get("/i/" + PUB + "/half.jpg").then().statusCode(200);
    }

    @Test
    void sixtyFourDistinctTransformsAtOnceAnswer200Or503AndNoneHangs() throws Exception {
        S3Fixtures.put(minio, PUB, "big.jpg", Pictures.jpeg(2000, 1500), "image/jpeg");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        long before = rss();
        for (int i = 0; i < 64; i++) {
            // distinct: every quality makes another derivative
            URI uri = base.toURI().resolve("/i/" + PUB + "/big.jpg?w=640&fm=webp&q=" + (20 + i));
            answers.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        int ok = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<byte[]>> a : answers) {
            HttpResponse<byte[]> r = a.get(150, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(503, r.statusCode(), new String(r.body()));
                assertNotNull(r.headers().firstValue("Retry-After").orElse(null), "503 without Retry-After");
                busy++;
            }
        }
        long grown = rss() - before;
        System.out.printf("64 distinct transforms: %d made, %d refused busy; RSS grew %d MiB%n", ok, busy,
                grown / 1024 / 1024);
        assertTrue(ok >= 1, "none was made");
        assertTrue(grown < 256L * 1024 * 1024, "RSS grew " + grown + " bytes");
    }
}
