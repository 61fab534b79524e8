package io.imagepic.compat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The seed's routes/imagepic/auth: register, login, change. Reasons come from the seed's code: the
 * validation messages joined by ',' in the order the seed pushed them, '已注册' from cloud_register,
 * '密码不正确' and '失败' from cloud_login (a phone with no account: find() had no file, flag false, msg '失败').
 */
@ResourceLock(PackagedService.REST_ASSURED)
class SeedAuthContractPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Seed.SETTINGS);

    static final String PASSWORD = "secret_123";

    // --- register ---

    @Test
    void registerAnswersAnEmptyObject() {
        Seed.ok(register(Tokens.randomPhone(), "dev@example.com", PASSWORD)).body("data", equalTo(Map.of()));
    }

    @Test
    void registerReportsEveryInvalidFieldInTheSeedsOrder() {
        Seed.failed(register("12345", "not-an-e-mail", "abc"), "密码不符合规范,邮箱填写不符合规范,手机号码填写不符合规范");
        Seed.failed(register(Tokens.randomPhone(), "dev@example.com", "abc"), "密码不符合规范");
        Seed.failed(register(Tokens.randomPhone(), "not-an-e-mail", PASSWORD), "邮箱填写不符合规范");
        Seed.failed(register("12345", "dev@example.com", PASSWORD), "手机号码填写不符合规范");
        Seed.failedInEnglish(register("12345", "not-an-e-mail", "abc", "en"));
    }

    @Test
    void registerATakenPhoneAnswersAlreadyRegistered() {
        String phone = Tokens.randomPhone();
        Seed.ok(register(phone, "dev@example.com", PASSWORD));
        Seed.failed(register(phone, "dev@example.com", PASSWORD), "已注册");
        Seed.failedInEnglish(register(phone, "dev@example.com", PASSWORD, "en"));
    }

    // --- login ---

    @Test
    void loginAnswersATokenTheAuthorizationHeaderTakesRaw() {
        String phone = registered();
        String token = Seed.ok(login(phone, PASSWORD)).body("data.token", instanceOf(String.class))
                .extract().path("data.token");
        Seed.ok(Tokens.as(token).get("/imagepic/bucket/listBuckets").then());
    }

    @Test
    void loginReportsEveryInvalidFieldInTheSeedsOrder() {
        Seed.failed(login("12345", "abc"), "密码不符合规范,手机号码填写不符合规范");
        Seed.failed(login(Tokens.randomPhone(), "abc"), "密码不符合规范");
        Seed.failed(login("12345", PASSWORD), "手机号码填写不符合规范");
        Seed.failedInEnglish(login("12345", "abc", "en"));
    }

    @Test
    void loginWithAWrongPasswordAnswersWrongPassword() {
        String phone = registered();
        Seed.failed(login(phone, "wrong_pass1"), "密码不正确");
        Seed.failedInEnglish(login(phone, "wrong_pass1", "en"));
    }

    /** Difference 1: the seed answers '失败' for a phone with no account, not '密码不正确'. */
    @Test
    void loginWithAnUnregisteredPhoneAnswersFailed() {
        Seed.failed(login(Tokens.randomPhone(), PASSWORD), "失败");
        // In English too the two cases read differently, as '失败' and '密码不正确' do.
        String unknown = Seed.failedInEnglish(login(Tokens.randomPhone(), PASSWORD, "en")).extract().path("data.err");
        String wrong = Seed.failedInEnglish(login(registered(), "wrong_pass1", "en")).extract().path("data.err");
        assertNotEquals(wrong, unknown, "English reasons for an unknown phone and a wrong password");
    }

    // --- change ---

    /** Difference 4, kept: the seed answered data {}; ours adds a fresh token, which works at once. */
    @Test
    void changeSucceedsAndAnswersAFreshToken() {
        String phone = registered();
        String fresh = Seed.ok(change(phone, PASSWORD, "secret_456")).body("data", instanceOf(Map.class))
                .body("data.token", matchesPattern("\\S+")).extract().path("data.token");
        Seed.ok(Tokens.as(fresh).get("/imagepic/bucket/listBuckets").then());
        Seed.ok(login(phone, "secret_456"));
        Seed.failed(login(phone, PASSWORD), "密码不正确");
    }

    @Test
    void changeReportsEveryInvalidFieldInTheSeedsOrder() {
        Seed.failed(change("12345", "abc", "de"), "旧密码不符合规范,新密码不符合规范,手机号码填写不符合规范");
        Seed.failed(change(Tokens.randomPhone(), "abc", PASSWORD), "旧密码不符合规范");
        Seed.failed(change(Tokens.randomPhone(), PASSWORD, "de"), "新密码不符合规范");
        Seed.failed(change("12345", PASSWORD, "secret_456"), "手机号码填写不符合规范");
        Seed.failedInEnglish(change("12345", "abc", "de", "en"));
    }

    @Test
    void changeWithAWrongOldPasswordAnswersWrongPassword() {
        String phone = registered();
        Seed.failed(change(phone, "wrong_pass1", "secret_456"), "密码不正确");
        Seed.ok(login(phone, PASSWORD)); // nothing changed
    }

    /** Difference 1 again: change checks the old password with the seed's cloud_login, so '失败' here too. */
    @Test
    void changeForAnUnregisteredPhoneAnswersFailed() {
        Seed.failed(change(Tokens.randomPhone(), PASSWORD, "secret_456"), "失败");
        Seed.failedInEnglish(change(Tokens.randomPhone(), PASSWORD, "secret_456", "en"))
                .body("data.err", not(equalTo("失败")));
    }

    // --- helpers ---

    static String registered() {
        String phone = Tokens.randomPhone();
        Seed.ok(register(phone, "dev@example.com", PASSWORD));
        return phone;
    }

    static ValidatableResponse register(String phone, String email, String upwd, String... language) {
        return post("register", Map.of("name", "dev", "tfs", "fe", "email", email, "phone", phone, "upwd", upwd), language);
    }

    static ValidatableResponse login(String phone, String upwd, String... language) {
        return post("login", Map.of("phone", phone, "upwd", upwd), language);
    }

    static ValidatableResponse change(String phone, String opwd, String npwd, String... language) {
        return post("change", Map.of("phone", phone, "opwd", opwd, "npwd", npwd), language);
    }

    private static ValidatableResponse post(String route, Map<String, String> body, String... language) {
        var request = given().contentType(ContentType.JSON).body(body);
        for (String l : List.of(language)) {
            request.header("Accept-Language", l);
        }
        return request.post("/imagepic/auth/" + route).then();
    }
}
