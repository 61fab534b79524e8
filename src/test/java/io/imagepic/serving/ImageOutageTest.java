package io.imagepic.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.policy.BucketPolicy;
import io.imagepic.policy.PolicyService;
import io.imagepic.support.InjectS3Proxy;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.TestServers;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The S3 server goes away: images answer 503 (never cached), and come back with it. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ImageOutageTest {

    @Inject
    MinioClient minio;
    @Inject
    PolicyService policies;
    @InjectS3Proxy
    TestServers.S3 s3;

    @Test
    void unreachableStorageIs503ThenRecovers() throws Exception {
        S3Fixtures.bucket(minio, "img-outage");
        policies.set("img-outage", BucketPolicy.PUBLIC_READ).await().indefinitely();
        S3Fixtures.put(minio, "img-outage", "a.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png");
        given().get("/i/img-outage/a.png").then().statusCode(200);
        s3.stop();
        try {
            given().get("/i/img-outage/a.png").then().statusCode(503)
                    .header("Cache-Control", "no-store").body("success", equalTo(false));
            given().header("If-None-Match", "\"x\"").get("/i/img-outage/a.png").then().statusCode(503);
            given().head("/i/img-outage/a.png").then().statusCode(503);
        } finally {
            s3.start();
        }
        given().get("/i/img-outage/a.png").then().statusCode(200);
    }
}
