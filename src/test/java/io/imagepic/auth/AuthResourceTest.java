package io.imagepic.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class AuthResourceTest {

    @Test
    void registerLoginAndUseTheTokenRawOrBearer() {
        String phone = Tokens.randomPhone();
        register(phone, "abc_123", "a@b.cn").statusCode(200)
                .body("code", equalTo("0")).body("success", equalTo(true)).body("msg", equalTo("成功"));
        String token = login(phone, "abc_123").statusCode(200).body("code", equalTo("0"))
                .body("data.token", not(emptyOrNullString())).extract().path("data.token");

        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals(false, claims.contains("abc_123"), "the password is not in the token");

        given().get("/imagepic/bucket/listBuckets").then().statusCode(401)
                .body("code", equalTo("-1")).body("msg", equalTo("未满足权限")).body("success", equalTo(false));
        given().header("authorization", "Bearer " + token).get("/imagepic/bucket/listBuckets").then().statusCode(200);
        given().header("authorization", token).get("/imagepic/bucket/listBuckets").then().statusCode(200);
    }

    static ValidatableResponse register(String phone, String pwd, String email) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"tfs\":\"t\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\",\"upwd\":\"" + pwd + "\"}")
                .post("/imagepic/auth/register").then();
    }

    static ValidatableResponse login(String phone, String pwd) {
        return given().contentType(ContentType.JSON).body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + pwd + "\"}")
                .post("/imagepic/auth/login").then();
    }
}
