package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.state.AccountStore;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Admins: the first one from the settings, then rights granted and revoked by admins; accounts managed by them. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class AdminAccountsTest {

    @Inject
    AccountStore store;

    @Test
    void theFirstAdminIsCreatedAtStartAndListsAccountsWithoutHashes() {
        String admin = Tokens.admin();
        Tokens.as(admin).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(true));
        String member = Tokens.randomPhone();
        Tokens.member(member);

        Tokens.as(admin).get("/imagepic/auth/users").then().statusCode(200).body("code", equalTo("0"))
                .body("data.phone", hasItem(Tokens.ADMIN_PHONE)).body("data.phone", hasItem(member))
                .body("data.find { it.phone == '" + Tokens.ADMIN_PHONE + "' }.admin", equalTo(true))
                .body("data.find { it.phone == '" + member + "' }.admin", equalTo(false))
                .body(not(containsString("$2"))).body(not(containsString("passwordHash")));
        Tokens.as(admin).get("/imagepic/auth/users/" + member).then().statusCode(200).body("data.phone", equalTo(member));
        Tokens.as(admin).get("/imagepic/auth/users/13700000000").then().statusCode(404).body("msg", equalTo("失败"));
    }

    @Test
    void onlyAdminsManageAccounts() {
        String member = Tokens.member();
        given().get("/imagepic/auth/users").then().statusCode(401).body("msg", equalTo("未满足权限"));
        Tokens.as(member).get("/imagepic/auth/users").then().statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(member).post("/imagepic/auth/users/" + Tokens.ADMIN_PHONE + "/disabled").then().statusCode(403);
        Tokens.as(member).post("/imagepic/auth/invites").then().statusCode(403);
    }

    @Test
    void adminRightsAreGrantedAndRevokedAndHoldAtTheNextRequest() {
        String admin = Tokens.admin();
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);
        Tokens.as(token).get("/imagepic/auth/users").then().statusCode(403);

        Tokens.as(admin).post("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200)
                .body("data.admin", equalTo(true));
        // the same token, issued before: admin from its next request on
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(true));
        Tokens.as(token).get("/imagepic/auth/users").then().statusCode(200);

        Tokens.as(token).delete("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200)
                .body("data.admin", equalTo(false)); // an admin may demote itself while another admin remains
        Tokens.as(token).get("/imagepic/auth/users").then().statusCode(403);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(false));
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() {
        String admin = Tokens.admin();
        for (String en : new String[] { null, "en" }) {
            var request = Tokens.as(admin);
            if (en != null) {
                request.header("Accept-Language", en);
            }
            request.delete("/imagepic/auth/users/" + Tokens.ADMIN_PHONE + "/admin").then().statusCode(409)
                    .body("msg", equalTo("失败"))
                    .body("data.err", equalTo(en == null ? "不能移除或停用最后一个管理员" : "the last admin cannot be demoted or disabled"));
        }
        Tokens.as(admin).post("/imagepic/auth/users/" + Tokens.ADMIN_PHONE + "/disabled").then().statusCode(409);
        Tokens.as(admin).get("/imagepic/auth/me").then().statusCode(200).body("data.admin", equalTo(true));
    }

    @Test
    void aDisabledAccountsTokensStopAtOnceAndNeverComeBack() {
        String admin = Tokens.admin();
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);

        Tokens.as(admin).post("/imagepic/auth/users/" + phone + "/disabled").then().statusCode(200)
                .body("data.disabled", equalTo(true));
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(401).body("msg", equalTo("未满足权限"));
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401);
        login(phone, Tokens.PASSWORD).statusCode(403).body("msg", equalTo("失败")).body("data.err", equalTo("账号已停用,请联系管理员"));
        login(phone, "Wrong_pass1").statusCode(401).body("data.err", equalTo("密码不正确")); // tells nothing without the password

        Tokens.as(admin).delete("/imagepic/auth/users/" + phone + "/disabled").then().statusCode(200)
                .body("data.disabled", equalTo(false));
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401); // issued before: stays refused
        Tokens.as(Tokens.login(phone, Tokens.PASSWORD)).get("/imagepic/auth/me").then().statusCode(200);
    }

    @Test
    void anAdminSetsAPasswordOrHandsOutATemporaryOne() {
        String admin = Tokens.admin();
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);

        Tokens.as(admin).contentType(ContentType.JSON).body("{\"npwd\":\"Set_by_admin1\"}")
                .post("/imagepic/auth/users/" + phone + "/password").then().statusCode(200)
                .body("data.password", equalTo(null));
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401);
        login(phone, Tokens.PASSWORD).statusCode(401);
        login(phone, "Set_by_admin1").statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON).body("{\"npwd\":\"x\"}")
                .post("/imagepic/auth/users/" + phone + "/password").then().statusCode(400);

        String temporary = Tokens.as(admin).contentType(ContentType.JSON).body("{}")
                .post("/imagepic/auth/users/" + phone + "/password").then().statusCode(200)
                .body("data.expiresAt", not(equalTo(null))).extract().path("data.password");
        assertTrue(temporary.matches("[A-Za-z0-9]{16}"), temporary);
        login(phone, "Set_by_admin1").statusCode(401);
        // a temporary password does not log in: it only sets a new password
        login(phone, temporary).statusCode(403).body("data.err", containsString("临时密码"));
        Tokens.as(admin).get("/imagepic/auth/users/" + phone).then().body("data.temporaryPassword", equalTo(true));
        String fresh = given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"opwd\":\"" + temporary + "\",\"npwd\":\"Own_choice1\"}")
                .post("/imagepic/auth/change").then().statusCode(200).extract().path("data.token");
        Tokens.as(fresh).get("/imagepic/auth/me").then().statusCode(200);
        login(phone, temporary).statusCode(401);
        login(phone, "Own_choice1").statusCode(200);
        Tokens.as(admin).get("/imagepic/auth/users/" + phone).then().body("data.temporaryPassword", equalTo(false));
    }

    @Test
    void aServiceTokenWithTheAdminScopeCreatesNoAccountNoTokenNoInvite() {
        String service = Tokens.service("admin-bff", "\"admin\",\"read\"", null);
        String phone = Tokens.randomPhone();
        String account = "{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD
                + "\"}";

        Tokens.as(service).contentType(ContentType.JSON).body(account).post("/imagepic/auth/admin/register").then()
                .statusCode(403).body("msg", equalTo("未满足权限"));
        assertTrue(store.find(phone).isEmpty(), "no account created");
        Tokens.as(service).contentType(ContentType.JSON).body("{\"name\":\"minted\",\"scopes\":[\"admin\"]}")
                .post("/imagepic/auth/tokens").then().statusCode(403);
        Tokens.as(service).contentType(ContentType.JSON).body("{}").post("/imagepic/auth/invites").then().statusCode(403);
        Tokens.as(service).get("/imagepic/auth/users").then().statusCode(403);
        Tokens.as(service).post("/imagepic/auth/users/" + Tokens.ADMIN_PHONE + "/password").then().statusCode(403);
        Tokens.as(Tokens.admin()).get("/imagepic/auth/tokens").then().statusCode(200)
                .body("data.name", not(hasItem("minted")));

        // an admin person may
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body(account).post("/imagepic/auth/admin/register").then()
                .statusCode(200);
        Tokens.login(phone, Tokens.PASSWORD);
    }

    static ValidatableResponse login(String phone, String pwd) {
        return given().contentType(ContentType.JSON).body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + pwd + "\"}")
                .post("/imagepic/auth/login").then();
    }
}
