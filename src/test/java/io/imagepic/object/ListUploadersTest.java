package io.imagepic.object;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** listObjects with withUploader: who uploaded each object, as a name to show (never a member's full phone). */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ListUploadersTest {

    static final String BUCKET = "uploaders";

    @Inject
    MinioClient minio;

    @BeforeEach
    void bucket() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
    }

    @Test
    void eachObjectNamesItsUploader() {
        String named = Tokens.randomPhone();
        register(named, "Han Meimei");
        String unnamed = Tokens.randomPhone();
        register(unnamed, null);
        Tokens.grant(BUCKET, named, "write");
        Tokens.grant(BUCKET, unnamed, "write");
        String service = Tokens.service("uploader-bff", "\"upload\",\"read\"", "\"" + BUCKET + "\"");
        upload(Tokens.login(named, Tokens.PASSWORD), "a-named.png");
        upload(Tokens.login(unnamed, Tokens.PASSWORD), "b-unnamed.png");
        upload(service, "c-service.png");

        Map<String, String> shown = uploaders(list(Tokens.memberWith("read", BUCKET), true, 10).extract().path("data.lists"));
        assertEquals(Map.of("a-named.png", "Han Meimei",
                "b-unnamed.png", unnamed.substring(0, 3) + "****" + unnamed.substring(7),
                "c-service.png", "uploader-bff"), shown);

        // without asking, the seed's entries as they were
        list(Tokens.memberWith("read", BUCKET), false, 10).body("data.lists[0]", not(hasKey("uploader")))
                .body("data.lists[0].name", equalTo("a-named.png"));
    }

    @Test
    void onlyForSmallPages() {
        list(Tokens.admin(), true, 101).statusCode(400).body("success", equalTo(false));
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"pageNum\":-1,\"withUploader\":true}")
                .post("/imagepic/object/listObjects").then().statusCode(400);
    }

    private static io.restassured.response.ValidatableResponse list(String token, boolean withUploader, int pageSize) {
        return Tokens.as(token).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"pageSize\":" + pageSize + ",\"withUploader\":" + withUploader + "}")
                .post("/imagepic/object/listObjects").then();
    }

    private static Map<String, String> uploaders(List<Map<String, Object>> entries) {
        return entries.stream().collect(java.util.stream.Collectors.toMap(e -> (String) e.get("name"),
                e -> String.valueOf(e.get("uploader"))));
    }

    private static void register(String phone, String name) {
        given().contentType(ContentType.JSON)
                .body("{" + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"email\":\"u@example.com\",\"phone\":\""
                        + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .post("/imagepic/auth/register").then().statusCode(200);
    }

    private static void upload(String token, String name) {
        Tokens.as(token).header("bucket", BUCKET).contentType(Multipart.contentType())
                .body(new Multipart().file(name, Images.png(64, name.length())).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }
}
