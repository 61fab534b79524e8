package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Profiles;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Behind a proxy the operator trusts (quarkus.http.proxy.*), clients are counted by the address the proxy
 * forwards; without that setting the header is ignored (LoginLimitsTest).
 */
@QuarkusTest
@TestProfile(Profiles.Site.class)
@WithTestResource(S3ProxyResource.class)
class TrustedProxyTest {

    @Test
    void clientsBehindATrustedProxyAreCountedByTheirForwardedAddress() {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("203.0.113.5", Tokens.randomPhone()));
        }
        assertEquals(429, login("203.0.113.5", Tokens.randomPhone()), "the sprayer is held back");
        assertEquals(401, login("198.51.100.9", Tokens.randomPhone()), "another client behind the same proxy is not");
        // IPv6 clients count per /64: another address of the same /64 is the same client
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("[2001:db8:1:2::" + (i + 1) + "]", Tokens.randomPhone()));
        }
        assertEquals(429, login("[2001:db8:1:2:ffff::9]", Tokens.randomPhone()));
        assertEquals(401, login("[2001:db8:1:3::1]", Tokens.randomPhone()));
    }

    private static int login(String forwardedFor, String phone) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/login")
                .statusCode();
    }
}
