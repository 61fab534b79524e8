package io.imagepic.upload;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.object.Uploaders;
import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A backend-for-frontend uploading and removing with a service token: within its scopes and buckets only. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ServiceTokenUploadTest {

    static final String BUCKET = "svc-uploads";
    static final String OTHER = "svc-uploads-other";

    @Inject
    MinioClient minio;

    @BeforeEach
    void buckets() throws Exception {
        for (String b : new String[] { BUCKET, OTHER }) {
            S3Fixtures.bucket(minio, b);
            S3Fixtures.empty(minio, b);
        }
    }

    @Test
    void uploadsRecordTheTokensNameAndStayInItsBuckets() throws Exception {
        String bff = Tokens.service("shop-bff", "\"upload\",\"remove\",\"read\"", "\"" + BUCKET + "\"");

        upload(bff, BUCKET, "a.png").statusCode(200).body("code", equalTo("0")).body("data.key", equalTo("a.png"));
        assertEquals("shop-bff", minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object("a.png").build())
                .userMetadata().get(Uploaders.METADATA_KEY), "the token's name is recorded as the uploader");
        Tokens.as(bff).contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "objectName", "a.png"))
                .post("/imagepic/object/statObject").then().statusCode(200);

        // another bucket: refused before the body is read, nothing written
        upload(bff, OTHER, "b.png").statusCode(403).body("code", equalTo("-1")).body("msg", equalTo("未满足权限"))
                .body("data.err", containsString(OTHER));
        assertEquals(0, S3Fixtures.count(minio, OTHER));
        S3Fixtures.put(minio, OTHER, "keep.png", Images.png(100, 2), "image/png");
        remove(bff, OTHER, "keep.png").statusCode(403).body("data.err", containsString(OTHER));
        assertEquals(1, S3Fixtures.count(minio, OTHER));

        // its own upload it may remove; a member's it may not, nor may a member remove its upload
        String member = Tokens.memberWith("write", BUCKET);
        upload(member, BUCKET, "member.png").statusCode(200);
        remove(bff, BUCKET, "member.png").statusCode(403);
        remove(member, BUCKET, "a.png").statusCode(403);
        remove(bff, BUCKET, "a.png").statusCode(200).body("code", equalTo("0"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void eachRouteNeedsItsScope() throws Exception {
        String reader = Tokens.service("read-bff", "\"read\"", null);
        String uploader = Tokens.service("upload-bff", "\"upload\"", null);

        upload(reader, BUCKET, "r.png").statusCode(403).body("msg", equalTo("未满足权限"))
                .body("data.err", equalTo("令牌的权限范围不包括此操作"));
        assertEquals(0, S3Fixtures.count(minio, BUCKET));

        upload(uploader, BUCKET, "u.png").statusCode(200);
        remove(uploader, BUCKET, "u.png").statusCode(403).body("data.err", equalTo("令牌的权限范围不包括此操作"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void aRevokedTokenUploadsNothing() throws Exception {
        String bff = Tokens.service("gone-bff", "\"upload\"", null);
        Tokens.as(Tokens.admin()).delete("/imagepic/auth/tokens/" + bff.substring(4, 20)).then().statusCode(200);
        upload(bff, BUCKET, "late.png").statusCode(401).body("msg", equalTo("未满足权限"));
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    private static ValidatableResponse upload(String token, String bucket, String name) {
        return Tokens.as(token).header("bucket", bucket).contentType(Multipart.contentType())
                .body(new Multipart().file(name, "image/png", Images.png(2_000, 1)).bytes())
                .post(PutObjectRoute.PATH).then();
    }

    private static ValidatableResponse remove(String token, String bucket, String key) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", key))
                .post("/imagepic/object/removeObject").then();
    }
}
