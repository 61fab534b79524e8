package io.imagepic.s3;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.imagepic.support.InjectS3Proxy;
import io.imagepic.support.Management;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The S3 server goes away: answers are 503 within the timeout, readiness goes DOWN, and both recover. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class StorageOutageTest {

    @InjectS3Proxy
    TestServers.S3 s3;

    @Test
    void stoppedStorageGives503AndNotReadyThenRecovers() {
        String token = Tokens.admin(); // passes every bucket check: what answers is S3, or its absence
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        s3.stop();
        try {
            Tokens.as(token).get("/imagepic/bucket/listBuckets").then()
                    .time(lessThan(10L), TimeUnit.SECONDS)
                    .statusCode(503).body("success", equalTo(false)).body("code", equalTo("-1"));
            Tokens.as(token).contentType(ContentType.JSON).body("{\"bucketName\":\"any-bucket\"}")
                    .post("/imagepic/object/listObjects").then().statusCode(503);
            Management.given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'storage' }.status", equalTo("DOWN"));
            Management.given().get("/q/health/live").then().statusCode(200);
        } finally {
            s3.start();
        }
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200).body("success", equalTo(true));
    }
}
