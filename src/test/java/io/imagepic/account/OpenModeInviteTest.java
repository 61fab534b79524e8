package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Registration mode {@code open} (the default): anyone registers without a code, and an invite's code, when one is
 * given (its link carries it), is honoured as in invite mode: checked, and used up, so it shows as used and its
 * link registers no second account.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class OpenModeInviteTest {

    @Test
    void anInviteGivenInOpenModeIsUsedUp() {
        given().get("/imagepic/auth/registration").then().body("data.mode", equalTo("open"));
        String admin = Tokens.admin();
        Map<String, String> created = Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("note", "open mode"))
                .post("/imagepic/auth/invites").then().statusCode(200).extract().path("data");
        String code = created.get("code");

        register(Tokens.randomPhone(), code).statusCode(200);
        Tokens.as(admin).get("/imagepic/auth/invites").then().statusCode(200).body("data.id", not(hasItem(created.get("id"))));
        // used: a second account with the same link is refused, with the invite's reason
        register(Tokens.randomPhone(), code).statusCode(403).body("data.err", equalTo("邀请码无效、已使用或已过期"));
        // no code at all: open mode, as the seed
        register(Tokens.randomPhone(), null).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse register(String phone, String invite) {
        String body = "{\"email\":\"o@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\""
                + (invite == null ? "" : ",\"invite\":\"" + invite + "\"") + "}";
        return given().contentType(ContentType.JSON).body(body).post("/imagepic/auth/register").then();
    }
}
