package io.imagepic.compat;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;

import io.restassured.response.ValidatableResponse;

/**
 * The seed's envelope, as the express code in /work/shared/seed/ wrote it with {@code res.json}:
 * <ul>
 * <li>success: {@code {code: "0", data: ..., msg: "成功", success: true}};
 * <li>failure: {@code {code: "-1", data: {err: <reason>}, msg: "失败", success: false}};
 * <li>no or bad token (putObject, removeObject): {@code msg: "未满足权限"}.
 * </ul>
 * The seed answered HTTP 200 every time; real statuses are an addition clients ignore, so these checks
 * look at the body only. Clients compare {@code msg} and show {@code data.err}.
 */
final class Seed {

    static final String OK = "成功";
    static final String FAILED = "失败";
    static final String DENIED = "未满足权限";

    /** A reason in the seed's language: at least one Chinese character. */
    static final String CHINESE = "(?s).*[\\u4e00-\\u9fff].*";
    /** A reason for {@code Accept-Language: en}: printable ASCII only, not blank. */
    static final String ENGLISH = "[\\x20-\\x7E]*[A-Za-z][\\x20-\\x7E]*";

    private Seed() {
    }

    static ValidatableResponse ok(ValidatableResponse r) {
        return r.body("code", equalTo("0")).body("msg", equalTo(OK)).body("success", equalTo(true));
    }

    /** A failure with the reason in {@code data.err}, a string. */
    static ValidatableResponse failed(ValidatableResponse r) {
        return failure(r, FAILED);
    }

    /** An authentication failure: the seed's putObject/removeObject answer for a missing or bad token. */
    static ValidatableResponse denied(ValidatableResponse r) {
        return failure(r, DENIED);
    }

    /** A failure whose {@code data.err} is exactly the seed's reason. */
    static ValidatableResponse failed(ValidatableResponse r, String err) {
        return failed(r).body("data.err", equalTo(err));
    }

    /** A failure whose reason is Chinese (no Accept-Language: the seed's language). */
    static ValidatableResponse failedInChinese(ValidatableResponse r) {
        return failed(r).body("data.err", matchesPattern(CHINESE));
    }

    /** A failure whose reason is English (Accept-Language: en); msg stays the seed's. */
    static ValidatableResponse failedInEnglish(ValidatableResponse r) {
        return failed(r).body("data.err", matchesPattern(ENGLISH));
    }

    private static ValidatableResponse failure(ValidatableResponse r, String msg) {
        return r.body("code", equalTo("-1")).body("msg", equalTo(msg)).body("success", equalTo(false))
                .body("data", instanceOf(Map.class)).body("data.err", instanceOf(String.class))
                .body("data.err", matchesPattern("(?s).*\\S.*"));
    }
}
