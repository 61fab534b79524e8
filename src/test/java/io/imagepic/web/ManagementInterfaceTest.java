package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imagepic.support.Management;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Metrics, health, OpenAPI and Swagger UI are served on the management interface's own port only: whoever
 * reaches the public port (the internet, through the ingress) gets a 404 for them, with or without a token.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ManagementInterfaceTest {

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/swagger-ui", "/q/health",
            "/q/health/ready", "/q/health/live", "/q/health/started" })
    void absentFromThePublicPortPresentOnTheManagementPort(String path) {
        assertNotEquals(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class), Management.port(),
                "the management interface has a port of its own");
        given().redirects().follow(false).get(path).then().statusCode(404).body("success", equalTo(false));
        Tokens.as(Tokens.admin()).redirects().follow(false).get(path).then().statusCode(404);
        Management.given().redirects().follow(false).get(path).then().statusCode(path.equals("/q/swagger-ui") ? 302 : 200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/openapi" })
    void theManagementPortServesTheRealDocuments(String path) {
        given().get("/imagepic/bucket/listBuckets").then().statusCode(401); // a request for the metrics to count
        Management.given().get(path).then().statusCode(200)
                .body(containsString(path.equals("/q/metrics") ? "http_server_requests_seconds" : "/imagepic/bucket/members"));
    }
}
