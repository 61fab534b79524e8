package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Profiles;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.TestClock;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The abuse limits, on a clock the test moves: growing delays per phone and per client address (password
 * spraying), registrations per address, and the removed admin-phones setting. Every call comes from 127.0.0.1.
 */
@QuarkusTest
@TestProfile(Profiles.LoginLimits.class)
@WithTestResource(S3ProxyResource.class)
class LoginLimitsTest {

    static final String OLD_STYLE_ADMIN = Profiles.LoginLimits.OLD_STYLE_ADMIN;

    @Inject
    TestClock clock;

    @BeforeEach
    void forgetEarlierAttempts() {
        clock.advance(Duration.ofDays(1)); // every test's attempts come from the same address
    }

    @Test
    void aPhonesLockoutIsADelayThatDoublesUpToItsCapAndASuccessEndsIt() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        for (int i = 0; i < 3; i++) {
            login(phone, "Wrong_pass1").statusCode(401);
        }
        assertHeldBack(login(phone, Tokens.PASSWORD), 10); // even with the right password

        clock.advance(Duration.ofSeconds(10));
        login(phone, "Wrong_pass1").statusCode(401);
        assertHeldBack(login(phone, Tokens.PASSWORD), 20);
        clock.advance(Duration.ofSeconds(20));
        login(phone, "Wrong_pass1").statusCode(401);
        assertHeldBack(login(phone, Tokens.PASSWORD), 40);
        clock.advance(Duration.ofSeconds(40));
        login(phone, "Wrong_pass1").statusCode(401);
        assertHeldBack(login(phone, Tokens.PASSWORD), 40); // capped: nobody locks an account out for long

        clock.advance(Duration.ofSeconds(40));
        login(phone, Tokens.PASSWORD).statusCode(200);
        login(phone, "Wrong_pass1").statusCode(401); // the success forgot the failures
        login(phone, Tokens.PASSWORD).statusCode(200);
    }

    @Test
    void passwordChangesCountAsLogins() {
        String phone = Tokens.randomPhone();
        Tokens.register(phone, Tokens.PASSWORD);
        for (int i = 0; i < 3; i++) {
            change(phone, "Wrong_pass1", "New_pass_12").statusCode(401);
        }
        assertHeldBack(change(phone, Tokens.PASSWORD, "New_pass_12"), 10);
        assertHeldBack(login(phone, Tokens.PASSWORD), 10);
    }

    @Test
    void aLoginSprayAcrossPhonesFromOneAddressIsHeldBack() {
        String victim = Tokens.randomPhone();
        Tokens.register(victim, Tokens.PASSWORD);
        // one guess per phone, each under the phone's limit; a different X-Forwarded-For on each changes
        // nothing: no proxy is trusted (quarkus.http.proxy.*), so the header is not the client's address
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", "203.0.113." + i).contentType(ContentType.JSON)
                    .body(loginBody(Tokens.randomPhone(), "Spray_pass1")).post("/imagepic/auth/login").then()
                    .statusCode(401);
        }
        String retryAfter = given().header("X-Forwarded-For", "198.51.100.7").header("Accept-Language", "en")
                .contentType(ContentType.JSON).body(loginBody(victim, "Spray_pass1")).post("/imagepic/auth/login").then()
                .statusCode(429).body("msg", equalTo("失败"))
                .body("data.err", equalTo("too many failed attempts, retry in 30 seconds"))
                .extract().header("Retry-After");
        assertEquals("30", retryAfter);
        // the address is held back for every phone, even with the right password
        assertHeldBack(login(victim, Tokens.PASSWORD), 30);

        clock.advance(Duration.ofSeconds(30));
        login(victim, Tokens.PASSWORD).statusCode(200); // a success gives its attempt back
        login(Tokens.randomPhone(), "Spray_pass1").statusCode(401);
        assertHeldBack(login(victim, Tokens.PASSWORD), 60); // and the spray's delay grows
    }

    @Test
    void aRegistrationFloodFromOneAddressIsHeldBack() {
        for (int i = 0; i < 5; i++) {
            register(Tokens.randomPhone()).statusCode(200);
        }
        String phone = Tokens.randomPhone();
        String retryAfter = register(phone).statusCode(429).body("msg", equalTo("失败"))
                .body("data.err", equalTo("注册过于频繁,请60秒后再试")).extract().header("Retry-After");
        assertEquals("60", retryAfter);
        login(phone, Tokens.PASSWORD).statusCode(401); // not registered

        clock.advance(Duration.ofSeconds(60));
        register(phone).statusCode(200);
        assertEquals("120", register(Tokens.randomPhone()).statusCode(429).extract().header("Retry-After"));
    }

    @Test
    void registeringAPhoneOfTheRemovedAdminPhonesSettingMakesNoAdmin() throws Exception {
        Tokens.register(OLD_STYLE_ADMIN, Tokens.PASSWORD);
        String token = Tokens.login(OLD_STYLE_ADMIN, Tokens.PASSWORD);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(false));
        Tokens.as(token).get("/imagepic/auth/users").then().statusCode(403);
        Tokens.as(token).contentType(ContentType.JSON).body("{\"bucketName\":\"squatted\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(403);

        // the warning comes while the configuration is read, before the log file is rotated at start: read the
        // rotated files too (run alone, the warning is in quarkus.log.1), but only this JVM's lines (%i, the pid)
        String thisJvm = "[" + ProcessHandle.current().pid() + "]";
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files
                .list(Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class)).getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("quarkus.log")).toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(thisJvm))
                        .forEach(l -> log.append(l).append('\n'));
            }
        }
        assertTrue(log.toString().contains("imagepic.auth.admin-phones no longer exists and is ignored: registering a phone "
                + "no longer makes an admin; set imagepic.admin.phone and imagepic.admin.password"),
                "the warning says what to do");
    }

    private static void assertHeldBack(ValidatableResponse response, long seconds) {
        String retryAfter = response.statusCode(429).body("code", equalTo("-1")).body("msg", equalTo("失败"))
                .body("data.err", equalTo("登录失败次数过多,请" + seconds + "秒后再试")).extract().header("Retry-After");
        assertEquals(String.valueOf(seconds), retryAfter);
    }

    private static String loginBody(String phone, String pwd) {
        return "{\"phone\":\"" + phone + "\",\"upwd\":\"" + pwd + "\"}";
    }

    static ValidatableResponse login(String phone, String pwd) {
        return given().contentType(ContentType.JSON).body(loginBody(phone, pwd)).post("/imagepic/auth/login").then();
    }

    static ValidatableResponse change(String phone, String opwd, String npwd) {
        return given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"opwd\":\"" + opwd + "\",\"npwd\":\"" + npwd + "\"}")
                .post("/imagepic/auth/change").then();
    }

    static ValidatableResponse register(String phone) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/register").then();
    }
}
