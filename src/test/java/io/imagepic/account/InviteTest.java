package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.state.AccountStore;
import io.imagepic.support.Profiles;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.TestClock;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Registration mode {@code invite}: an admin's invite code registers one account, once, until it expires. */
@QuarkusTest
@TestProfile(Profiles.Invite.class)
@WithTestResource(S3ProxyResource.class)
class InviteTest {

    @Inject
    TestClock clock;

    @Inject
    AccountStore store;

    @Test
    void theModeIsPublic() {
        given().get("/imagepic/auth/registration").then().statusCode(200).body("data.mode", equalTo("invite"));
    }

    @Test
    void anInviteRegistersOneAccountOnceAndTheSeedsBodyAloneIsRefused() {
        String admin = Tokens.admin();
        String first = Tokens.randomPhone();
        register(first, null).statusCode(403).body("msg", equalTo("失败")).body("data.err", equalTo("注册需要邀请码,请联系管理员"));
        register(first, "k7m2qp9xa4bc8def3gh5jk6mn7pq8rs9tv").statusCode(403)
                .body("data.err", equalTo("邀请码无效、已使用或已过期"));

        var created = Tokens.as(admin).contentType(ContentType.JSON).body("{\"note\":\"new designer\"}")
                .post("/imagepic/auth/invites").then().statusCode(200).extract();
        String code = created.path("data.code");
        String id = created.path("data.id");
        assertEquals("/#/signin?mode=register&invite=" + code, created.path("data.link"));
        assertEquals(Instant.parse(created.path("data.createdAt")).plus(Duration.ofDays(7)),
                Instant.parse(created.path("data.expiresAt")), "the default lifetime");
        Tokens.as(admin).get("/imagepic/auth/invites").then().statusCode(200).body("data.id", hasItem(id))
                .body("data.find { it.id == '" + id + "' }.note", equalTo("new designer"))
                .body(not(org.hamcrest.Matchers.containsString(code)));

        register(first, code).statusCode(200).body("code", equalTo("0"));
        Tokens.login(first, Tokens.PASSWORD);
        register(Tokens.randomPhone(), code).statusCode(403).body("data.err", equalTo("邀请码无效、已使用或已过期"));
        Tokens.as(admin).get("/imagepic/auth/invites").then().body("data.id", not(hasItem(id)));
        // a tampered code of a live invite does not work either
        String other = invite(admin, null);
        register(Tokens.randomPhone(), other.substring(0, other.length() - 1) + (other.endsWith("a") ? "b" : "a"))
                .statusCode(403);
        register(Tokens.randomPhone(), other).statusCode(200);
    }

    @Test
    void anInviteIsUsedOnceEvenByManyRegistrationsAtOnce() throws Exception {
        String code = invite(Tokens.admin(), null);
        int attempts = 12;
        List<String> phones = new ArrayList<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String phone = Tokens.randomPhone();
            phones.add(phone);
            calls.add(() -> register(phone, code).extract().statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(attempts - 1, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
        assertEquals(1, phones.stream().filter(p -> store.find(p).isPresent()).count(), "one account");
    }

    @Test
    void anInviteStopsWorkingWhenItExpiresOrIsRevoked() {
        String admin = Tokens.admin();
        Instant now = clock.instant();
        String soon = invite(admin, now.plus(Duration.ofHours(1)));
        String later = invite(admin, null);
        clock.advance(Duration.ofHours(2));
        register(Tokens.randomPhone(), soon).statusCode(403).body("data.err", equalTo("邀请码无效、已使用或已过期"));
        register(Tokens.randomPhone(), later).statusCode(200);

        String revoked = invite(admin, null);
        Tokens.as(admin).delete("/imagepic/auth/invites/" + revoked.substring(0, 8)).then().statusCode(200);
        register(Tokens.randomPhone(), revoked).statusCode(403);
        Tokens.as(admin).delete("/imagepic/auth/invites/" + revoked.substring(0, 8)).then().statusCode(404);

        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"expiresAt\":\"" + clock.instant().plus(Duration.ofDays(31)) + "\"}").post("/imagepic/auth/invites")
                .then().statusCode(400).body("data.err", equalTo("过期时间必须在将来且不超过30天"));
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"expiresAt\":\"" + clock.instant().minus(Duration.ofMinutes(1)) + "\"}").post("/imagepic/auth/invites")
                .then().statusCode(400);
    }

    @Test
    void aTakenPhoneDoesNotUseTheInviteUp() {
        String admin = Tokens.admin();
        String code = invite(admin, null);
        register(Tokens.ADMIN_PHONE, code).statusCode(409).body("data.err", equalTo("已注册"));
        String phone = Tokens.randomPhone();
        register(phone, code).statusCode(200);
        assertTrue(store.find(phone).isPresent());
        assertFalse(store.all().isEmpty());
    }

    @Test
    void adminsStillCreateAccountsWithoutInvites() {
        String phone = Tokens.randomPhone();
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/admin/register").then().statusCode(200);
        Tokens.login(phone, Tokens.PASSWORD);
    }

    private static String invite(String admin, Instant expiresAt) {
        return Tokens.as(admin).contentType(ContentType.JSON)
                .body(expiresAt == null ? "{}" : "{\"expiresAt\":\"" + expiresAt + "\"}").post("/imagepic/auth/invites")
                .then().statusCode(200).extract().path("data.code");
    }

    static ValidatableResponse register(String phone, String invite) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\""
                        + (invite == null ? "" : ",\"invite\":\"" + invite + "\"") + "}")
                .post("/imagepic/auth/register").then();
    }
}
