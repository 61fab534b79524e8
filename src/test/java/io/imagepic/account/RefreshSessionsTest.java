package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.ShortTokens;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * "Keep me signed in" over HTTP: the cookie's attributes, rotation, a reused refresh token ending its whole family,
 * sign-out, and every account change that must end the sessions (password change, reset, disable, demotion); a
 * request from another origin is refused.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RefreshSessionsTest {

    static final String COOKIE = "imagepic_refresh";

    record Started(String token, String refresh) {
    }

    @Test
    void theCookieIsHttpOnlySecureStrictAndScopedToTheSessionPath() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        Response r = signIn(phone);
        String header = r.getHeader("Set-Cookie");
        assertThat(header, containsString(COOKIE + "="));
        assertThat(header, containsString("Path=/imagepic/auth/session"));
        assertThat(header.toLowerCase(java.util.Locale.ROOT), containsString("; httponly"));
        assertThat(header, containsString("Secure"));
        assertThat(header, containsString("SameSite=Strict"));
        assertThat(header, org.hamcrest.Matchers.matchesPattern(".*Max-Age=259(1999|2000);.*")); // 30 days (sessions.lifetime)
        Tokens.as(r.path("data.token")).get("/imagepic/auth/me").then().statusCode(200).body("data.name", equalTo(phone));
    }

    @Test
    void eachRefreshRotatesAndAReusedTokenEndsTheWholeFamily() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        Started first = start(phone);
        Started second = refresh(first.refresh());
        assertNotEquals(first.refresh(), second.refresh());
        Tokens.as(second.token()).get("/imagepic/auth/me").then().statusCode(200);
        Started third = refresh(second.refresh());

        // the first token again (a stolen copy, replayed): refused, and the family ends: its current token too
        refreshRefused(first.refresh());
        refreshRefused(third.refresh());
        // another device of the same account is not affected
        Started other = start(phone);
        refresh(other.refresh());
    }

    @Test
    void signOutEndsTheDevicesSession() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        Started s = start(phone);
        Response out = given().cookie(COOKIE, s.refresh()).delete("/imagepic/auth/session");
        assertEquals(200, out.statusCode(), out.asString());
        assertThat(out.getHeader("Set-Cookie"), containsString("Max-Age=0"));
        refreshRefused(s.refresh());
        // no cookie, or a malformed one: 401 as well
        given().post("/imagepic/auth/session/refresh").then().statusCode(401);
        refreshRefused("not-a-token");
    }

    @Test
    void aPasswordChangeEndsEverySession() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        Started a = start(phone);
        Started b = start(phone);
        given().contentType(ContentType.JSON)
                .body(Map.of("phone", phone, "opwd", Tokens.PASSWORD, "npwd", "New_pass2")).post("/imagepic/auth/change")
                .then().statusCode(200);
        refreshRefused(a.refresh());
        refreshRefused(b.refresh());
    }

    @Test
    void resetDisableAndDemotionEndTheSessions() {
        String admin = Tokens.admin();
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);

        Started beforeReset = start(phone);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("npwd", Tokens.PASSWORD))
                .post("/imagepic/auth/users/" + phone + "/password").then().statusCode(200);
        refreshRefused(beforeReset.refresh());

        Started beforeDisable = start(phone);
        Tokens.as(admin).post("/imagepic/auth/users/" + phone + "/disabled").then().statusCode(200);
        refreshRefused(beforeDisable.refresh());
        Tokens.as(admin).delete("/imagepic/auth/users/" + phone + "/disabled").then().statusCode(200);

        Tokens.as(admin).post("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200);
        Started asAdmin = start(phone);
        Tokens.as(admin).delete("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200);
        refreshRefused(asAdmin.refresh());
    }

    @Test
    void anotherOriginGetsNoToken() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        Started s = start(phone);
        given().header("Origin", "https://elsewhere.example").cookie(COOKIE, s.refresh())
                .post("/imagepic/auth/session/refresh").then().statusCode(403);
        given().header("Origin", "https://elsewhere.example").contentType(ContentType.JSON)
                .body(Map.of("phone", phone, "upwd", Tokens.PASSWORD)).post("/imagepic/auth/session").then().statusCode(403);
        refresh(s.refresh()); // the refused request used nothing up
    }

    @Test
    void anExpiredAccessTokenIsRefusedAndARefreshGivesANewOne() throws Exception {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        try (AutoCloseable shortLived = ShortTokens.use(Duration.ofSeconds(2))) {
            Started s = start(phone);
            String claims = new String(java.util.Base64.getUrlDecoder().decode(s.token().split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            io.restassured.path.json.JsonPath jwt = io.restassured.path.json.JsonPath.from(claims);
            assertEquals(2L, jwt.getLong("exp") - jwt.getLong("iat"), claims);
            Tokens.as(s.token()).get("/imagepic/auth/me").then().statusCode(200);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Tokens.as(s.token()).get("/imagepic/auth/me").statusCode() == 401);
            Started next = refresh(s.refresh());
            Tokens.as(next.token()).get("/imagepic/auth/me").then().statusCode(200);
        }
    }

    private static Response signIn(String phone) {
        Response r = given().contentType(ContentType.JSON).body(Map.of("phone", phone, "upwd", Tokens.PASSWORD))
                .post("/imagepic/auth/session");
        assertEquals(200, r.statusCode(), r.asString());
        return r;
    }

    private static Started start(String phone) {
        Response r = signIn(phone);
        return new Started(r.path("data.token"), r.getCookie(COOKIE));
    }

    private static Started refresh(String refreshToken) {
        Response r = given().cookie(COOKIE, refreshToken).post("/imagepic/auth/session/refresh");
        assertEquals(200, r.statusCode(), r.asString());
        return new Started(r.path("data.token"), r.getCookie(COOKIE));
    }

    private static void refreshRefused(String refreshToken) {
        given().cookie(COOKIE, refreshToken).post("/imagepic/auth/session/refresh").then().statusCode(401);
    }
}
