package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.Tokens;
import io.restassured.http.ContentType;

/** The other two modes: closed registration, and the seed's anonymous read routes. */
@ResourceLock(PackagedService.REST_ASSURED)
public class ClosedRegistrationAndAnonymousReadsPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Closed.SETTINGS);

    @Test
    void theModeIsPublic() {
        given().get("/imagepic/auth/registration").then().statusCode(200).body("data.mode", equalTo("closed"));
    }

    @Test
    void anonymousReadersDoNotLearnWhoUploaded() {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body("{\"bucketName\":\"anon-who\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
        Tokens.as(Tokens.admin()).header("bucket", "anon-who").contentType(Multipart.contentType())
                .body(new Multipart().file("who.png", Images.png(64, 1)).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
        String list = "{\"bucketName\":\"anon-who\",\"withUploader\":true}";
        given().contentType(ContentType.JSON).body(list).post("/imagepic/object/listObjects").then().statusCode(200)
                .body("data.lists[0].name", equalTo("who.png"))
                .body("data.lists[0]", not(hasKey("uploader")));
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body(list).post("/imagepic/object/listObjects").then()
                .statusCode(200).body("data.lists[0].uploader", equalTo("admin"));
    }

    @Test
    void onlyAdminsCreateAccountsWhenRegistrationIsClosed() {
        String phone = Tokens.randomPhone();
        register(phone).statusCode(403).body("msg", equalTo("失败")).body("data.err", equalTo("注册已关闭,请联系管理员"));
        given().contentType(ContentType.JSON).header("Accept-Language", "en")
                .body(body(phone)).post("/imagepic/auth/register").then().statusCode(403)
                .body("data.err", equalTo("registration is closed, ask an admin"));

        String admin = Tokens.admin(); // created at start (imagepic.admin.*)
        given().contentType(ContentType.JSON).body(body(phone)).post("/imagepic/auth/admin/register").then().statusCode(401)
                .body("msg", equalTo("未满足权限"));
        Tokens.as(admin).contentType(ContentType.JSON).body(body(phone)).post("/imagepic/auth/admin/register").then()
                .statusCode(200).body("code", equalTo("0"));
        String member = Tokens.login(phone, Tokens.PASSWORD);
        Tokens.as(member).contentType(ContentType.JSON).body(body(Tokens.randomPhone()))
                .post("/imagepic/auth/admin/register").then().statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(admin).contentType(ContentType.JSON).body(body(phone)).post("/imagepic/auth/admin/register").then()
                .statusCode(409).body("data.err", equalTo("已注册"));
    }

    @Test
    void readsAreAnonymousButWritesStillNeedATokenAndTheRole() {
        given().get("/imagepic/bucket/listBuckets").then().statusCode(200).body("code", equalTo("0"));
        // a stale token kept by a browser does not break the anonymous routes
        given().header("authorization", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").get("/imagepic/bucket/listBuckets")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"bucketName\":\"anon-write\"}").post("/imagepic/bucket/makeBucket")
                .then().statusCode(401).body("msg", equalTo("未满足权限"));
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body("{\"bucketName\":\"anon-write\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
        given().get("/imagepic/bucket/listBuckets").then().statusCode(200).body("data.name",
                org.hamcrest.Matchers.hasItem("anon-write"));
    }

    @Test
    void serviceTokensKeepTheirLimitsOnAnonymousReadRoutes() {
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body("{\"bucketName\":\"anon-svc\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
        String token = Tokens.service("anon-reader", "\"read\"", "\"anon-svc\"");
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200)
                .body("data.name", equalTo(java.util.List.of("anon-svc")));
        Tokens.as(token).contentType(ContentType.JSON).body("{\"bucketName\":\"anon-write\"}")
                .post("/imagepic/object/listObjects").then().statusCode(403);
        // unlike a stale browser JWT, a bad service token is an error worth reporting to its owner
        String id = token.substring(4, 20);
        Tokens.as(Tokens.admin()).delete("/imagepic/auth/tokens/" + id).then().statusCode(200);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(401).body("msg", equalTo("未满足权限"));
    }

    private static String body(String phone) {
        return "{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}";
    }

    private static io.restassured.response.ValidatableResponse register(String phone) {
        return given().contentType(ContentType.JSON).body(body(phone)).post("/imagepic/auth/register").then();
    }
}
