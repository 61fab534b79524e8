package io.imagepic.upload;

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
    void anonymousModeRemovesOnlyObjectsNobodyOwns() throws Exception {
        put("nobody.png", null);
        put("alice.png", "alice");
        remove("alice.png").statusCode(403).body("success", equalTo(false)).body("msg", containsString("uploader"));
        remove("nobody.png").statusCode(200).body("code", equalTo("0"));
        remove("nobody.png").statusCode(404);
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    void put(String key, String uploader) throws Exception {
        byte[] png = Images.png(100, 1);
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).contentType("image/png")
                .userMetadata(uploader == null ? Map.of() : Map.of(Uploaders.METADATA_KEY, uploader))
                .stream(new ByteArrayInputStream(png), png.length, -1).build());
    }

    static ValidatableResponse remove(String key) {
        return given().contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "objectName", key))
                .post("/imagepic/object/removeObject").then();
    }
}
