package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Management;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class OperationsTest {

    @Test
    void healthAndMetricsAreServed() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Tokens.as(Tokens.member()).get("/imagepic/bucket/listBuckets").then().statusCode(200);
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("/imagepic/bucket/listBuckets"));
    }

    @Test
    void corsRefusesUnknownOriginsByDefault() {
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .options("/imagepic/object/listObjects").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
