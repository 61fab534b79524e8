package io.imagepic.object;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RemoveObjectTest {

    static final String BUCKET = "removals";

    @Inject
    MinioClient minio;

    @BeforeEach
    void bucket() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
    }

    @Test
    void theUploaderMayRemoveOthersMayNot() throws Exception {
        String owner = Tokens.memberWith("write", BUCKET);
        String other = Tokens.memberWith("write", BUCKET);
        put("mine.png", idOf(owner));
        remove(other, "mine.png").statusCode(403).body("success", equalTo(false)).body("data.err", containsString("上传者"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
        remove(owner, "mine.png").statusCode(200).body("code", equalTo("0"));
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
        remove(owner, "mine.png").statusCode(200).body("success", equalTo(true)); // gone already: idempotent, as S3
    }

    @Test
    void anAdminMayRemoveAnything() throws Exception {
        put("someone.png", idOf(Tokens.memberWith("write", BUCKET)));
        put("legacy.png", null); // stored before uploaders were recorded
        remove(Tokens.memberWith("write", BUCKET), "legacy.png").statusCode(403);
        String admin = Tokens.admin();
        remove(admin, "someone.png").statusCode(200);
        remove(admin, "legacy.png").statusCode(200);
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void aTokenIsRequired() throws Exception {
        put("x.png", null);
        given().contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "objectName", "x.png"))
                .post("/imagepic/object/removeObject").then().statusCode(401).body("code", equalTo("-1"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    static String idOf(String token) {
        return Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).extract().path("data.id");
    }

    void put(String key, String uploader) throws Exception {
        byte[] png = Images.png(100, 1);
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).contentType("image/png")
                .userMetadata(uploader == null ? Map.of() : Map.of(Uploaders.METADATA_KEY, uploader))
                .stream(new ByteArrayInputStream(png), png.length, -1).build());
    }

    static ValidatableResponse remove(String token, String key) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "objectName", key))
                .post("/imagepic/object/removeObject").then();
    }
}
