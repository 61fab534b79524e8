package io.imagepic.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.state.BucketPolicyStore;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PolicyResourceTest {

    static final String BUCKET = "pol-images";
    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3 };

    @Inject
    MinioClient minio;
    @Inject
    BucketPolicyStore policies;

    String admin;
    String member;

    @BeforeEach
    void fixtures() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.put(minio, BUCKET, "a/photo.png", PNG, "image/png");
        admin = Tokens.admin();
        member = Tokens.memberWith("write", BUCKET); // reads and writes, does not manage
        set(admin, BUCKET, "private").statusCode(200);
    }

    @Test
    void adminMakesABucketPublicAndPrivateAgain() throws Exception {
        given().get("/i/" + BUCKET + "/a/photo.png").then().statusCode(401);

        set(admin, BUCKET, "public-read").statusCode(200).body("success", equalTo(true))
                .body("data.bucketName", equalTo(BUCKET)).body("data.policy", equalTo("public-read"))
                .body("data.mirrored", nullValue());
        byte[] got = given().get("/i/" + BUCKET + "/a/photo.png").then().statusCode(200)
                .header("Cache-Control", containsString("public")).extract().asByteArray();
        assertArrayEquals(PNG, got);
        Tokens.as(admin).queryParam("bucketName", BUCKET).get("/imagepic/policy/getBucketPolicy").then()
                .statusCode(200).body("data.policy", equalTo("public-read"));
        Tokens.as(admin).get("/imagepic/policy/listBucketPolicies").then().statusCode(200)
                .body("data.bucketName", hasItem(BUCKET));
        // kept by the service itself, in its state store
        assertEquals(java.util.Optional.of("public-read"), policies.find(BUCKET));

        // a public bucket's images are readable, its listing is not
        given().contentType(ContentType.JSON).body("{\"bucketName\":\"" + BUCKET + "\"}")
                .post("/imagepic/object/listObjects").then().statusCode(401);

        set(admin, BUCKET, "private").statusCode(200).body("data.policy", equalTo("private"));
        given().get("/i/" + BUCKET + "/a/photo.png").then().statusCode(401);
        Tokens.as(admin).get("/imagepic/policy/listBucketPolicies").then().body("data.bucketName", not(hasItem(BUCKET)));
    }

    @Test
    void privateImagesOpenWithAnyAccountsToken() {
        Tokens.as(member).get("/i/" + BUCKET + "/a/photo.png").then().statusCode(200)
                .header("Cache-Control", "private, max-age=600").header("Content-Type", "image/png");
        Tokens.as("Bearer " + member).get("/i/" + BUCKET + "/a/photo.png").then().statusCode(200);
        Tokens.as("not.a.token").get("/i/" + BUCKET + "/a/photo.png").then().statusCode(401)
                .body("success", equalTo(false));
        Tokens.as(member).get("/i/" + BUCKET + "/a/missing.png").then().statusCode(404);
    }

    @Test
    void signedLinksAreIssuedToAccountsAndOpenWithoutToken() {
        String url = Tokens.as(member).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"a/photo.png\",\"expiry\":120}")
                .post("/imagepic/image/signedUrl").then().statusCode(200).body("success", equalTo(true))
                .extract().path("data.url");
        assertTrue(url.contains("/i/" + BUCKET + "/a/photo.png?expires="), url);
        String pathAndQuery = url.substring(url.indexOf("/i/"));
        assertArrayEquals(PNG, given().urlEncodingEnabled(false).get(pathAndQuery).then().statusCode(200)
                .extract().asByteArray());
        given().urlEncodingEnabled(false).get(pathAndQuery.replace("a/photo.png", "a/other.png")).then().statusCode(403);

        given().contentType(ContentType.JSON).body("{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"a/photo.png\"}")
                .post("/imagepic/image/signedUrl").then().statusCode(401);
        Tokens.as(member).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"a/photo.png\",\"expiry\":99999999}")
                .post("/imagepic/image/signedUrl").then().statusCode(400);
        Tokens.as(member).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"a/nope.png\"}")
                .post("/imagepic/image/signedUrl").then().statusCode(404);
    }

    @Test
    void onlyManagersChangePolicies() {
        set(member, BUCKET, "public-read").statusCode(403).body("success", equalTo(false));
        given().contentType(ContentType.JSON).body("{\"bucketName\":\"" + BUCKET + "\",\"policy\":\"public-read\"}")
                .post("/imagepic/policy/setBucketPolicy").then().statusCode(401);
        // a member who may read the bucket may read its policy, not change it
        Tokens.as(member).queryParam("bucketName", BUCKET).get("/imagepic/policy/getBucketPolicy").then().statusCode(200)
                .body("data.policy", equalTo("private"));
        given().get("/i/" + BUCKET + "/a/photo.png").then().statusCode(401);
    }

    @Test
    void badPolicyRequestsAreRefused() {
        set(admin, BUCKET, "download").statusCode(400).body("data.err", containsString("policy"));
        set(admin, "no-such-bucket", "public-read").statusCode(404);
        set(admin, "A", "public-read").statusCode(400).body("data.err", containsString("bucketName"));
        Tokens.as(admin).queryParam("bucketName", "x").get("/imagepic/policy/getBucketPolicy").then().statusCode(400);
    }

    @Test
    void aRemovedBucketForgetsItsPolicy() throws Exception {
        S3Fixtures.bucket(minio, "pol-gone");
        set(admin, "pol-gone", "public-read").statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON).body("{\"bucketName\":\"pol-gone\"}")
                .post("/imagepic/bucket/removeBucket").then().statusCode(200);
        S3Fixtures.bucket(minio, "pol-gone");
        S3Fixtures.put(minio, "pol-gone", "x.png", PNG, "image/png");
        given().get("/i/pol-gone/x.png").then().statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse set(String token, String bucket, String policy) {
        return Tokens.as(token).contentType(ContentType.JSON)
                .body("{\"bucketName\":\"" + bucket + "\",\"policy\":\"" + policy + "\"}")
                .post("/imagepic/policy/setBucketPolicy").then();
    }
}
