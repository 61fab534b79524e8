package io.imagepic.notification;

import io.imagepic.support.Tokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Tokens of the running service, fetched once per application start (each start has a fresh user store). */
final class Auth {

    private static int port;
    private static String admin;
    private static String member;

    private Auth() {
    }

    static synchronized String admin() {
        reset();
        if (admin == null) {
            admin = Tokens.admin();
        }
        return admin;
    }

    static synchronized String member() {
        reset();
        if (member == null) {
            member = Tokens.member();
        }
        return member;
    }

    static RequestSpecification asAdmin() {
        return Tokens.as(admin());
    }

    /** The id events carry as their user. */
    static String adminId() {
        return asAdmin().get("/imagepic/auth/me").then().statusCode(200).extract().path("data.id");
    }

    private static void reset() {
        if (port != RestAssured.port) {
            port = RestAssured.port;
            admin = member = null;
        }
    }
}
