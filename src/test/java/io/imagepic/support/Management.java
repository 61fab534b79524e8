package io.imagepic.support;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The management interface (health, metrics, OpenAPI) of the service under test, on its own port. */
public final class Management {

    private Management() {
    }

    /** A request to the management interface, e.g. {@code Management.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri("http://localhost").port(port());
    }

    /** The port it listens on (random in tests). */
    public static int port() {
        return Arc.container().instance(HttpServer.class).get().getManagementPort();
    }
}
