package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class OperationsTest {

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Tokens.as(Tokens.member()).get("/imagepic/bucket/listBuckets").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("/imagepic/bucket/listBuckets"));
    }

    @Test
    void openApiDocumentsEveryRouteWithExamples() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        for (String route : new String[] { "/imagepic/bucket/listBuckets", "/imagepic/bucket/makeBucket",
                "/imagepic/bucket/removeBucket", "/imagepic/object/listObjects", "/imagepic/object/statObject",
                "/imagepic/object/getObject", "/imagepic/object/presignedGetObject",
                "/imagepic/auth/register", "/imagepic/auth/login", "/imagepic/auth/change", "/imagepic/auth/me",
                "/imagepic/auth/tokens", "/imagepic/auth/tokens/{id}",
                "/imagepic/notification/listen", "/imagepic/notification/webhooks", "/imagepic/notification/webhooks/{id}" }) {
            org.junit.jupiter.api.Assertions.assertTrue(doc.contains("\"" + route + "\""), route + " missing from OpenAPI");
        }
        org.junit.jupiter.api.Assertions.assertTrue(doc.contains("\"examples\""), "no examples in OpenAPI");
        // every successful answer of the seed-style API shows an example body
        io.restassured.path.json.JsonPath json = io.restassured.path.json.JsonPath.from(doc);
        java.util.Map<String, java.util.Map<String, Object>> paths = json.getMap("paths");
        java.util.List<String> missing = new java.util.ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, op) -> {
            if (!path.startsWith("/imagepic/")) {
                return;
            }
            Object ok = ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) op).get("responses")).get("200");
            Object content = ok == null ? null : ((java.util.Map<?, ?>) ok).get("content");
            boolean hasExample = content instanceof java.util.Map<?, ?> types && types.values().stream()
                    .anyMatch(
                            t -> t instanceof java.util.Map<?, ?> m && (m.get("examples") != null || m.get("example") != null));
            if (!hasExample) {
                missing.add(method.toUpperCase() + " " + path);
            }
        }));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), missing, "200 answers without an example");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void corsRefusesUnknownOriginsByDefault() {
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .options("/imagepic/object/listObjects").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
