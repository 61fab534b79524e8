package io.imagepic.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The image route, signed links and bucket policies with service tokens: read scope, admin scope, allow-lists. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ServiceTokenServingTest {

    static final String MINE = "svc-serve-mine";
    static final String OTHER = "svc-serve-other";

    @Inject
    MinioClient minio;

    @Test
    void imagesAndLinksOnlyFromItsBucketsWithTheReadScope() throws Exception {
        byte[] png = Images.png(500, 3);
        for (String b : new String[] { MINE, OTHER }) {
            S3Fixtures.bucket(minio, b);
            S3Fixtures.put(minio, b, "p.png", png, "image/png");
        }
        String reader = Tokens.service("serve-bff", "\"read\"", "\"" + MINE + "\"");
        String uploader = Tokens.service("serve-upload-bff", "\"upload\"", null);

        Tokens.as(reader).get("/i/" + MINE + "/p.png").then().statusCode(200).contentType("image/png");
        Tokens.as(reader).get("/i/" + OTHER + "/p.png").then().statusCode(403).body("msg", equalTo("未满足权限"))
                .body("data.err", containsString(OTHER));
        Tokens.as(uploader).get("/i/" + MINE + "/p.png").then().statusCode(403);
        Tokens.as("ipt_0123456789abcdef_" + "A".repeat(43)).get("/i/" + MINE + "/p.png").then().statusCode(401);

        signedUrl(reader, MINE).statusCode(200).body("data.url", containsString("/i/" + MINE + "/p.png?"));
        signedUrl(reader, OTHER).statusCode(403).body("data.err", containsString(OTHER));
    }

    @Test
    void anAdminScopedTokenSetsPoliciesOfItsBucketsOnly() throws Exception {
        S3Fixtures.bucket(minio, MINE);
        S3Fixtures.bucket(minio, OTHER);
        String ops = Tokens.service("serve-ops", "\"admin\"", "\"" + MINE + "\"");
        String reader = Tokens.service("serve-reader", "\"read\"", null);

        setPolicy(reader, MINE).statusCode(403);
        setPolicy(ops, OTHER).statusCode(403).body("data.err", containsString(OTHER));
        setPolicy(ops, MINE).statusCode(200).body("data.policy", equalTo("public-read"));
        setPolicy(Tokens.admin(), OTHER).statusCode(200);
        Tokens.as(ops).get("/imagepic/policy/listBucketPolicies").then().statusCode(200)
                .body("data.bucketName", hasItem(MINE)).body("data.bucketName", not(hasItem(OTHER)));
        Tokens.as(ops).queryParam("bucketName", OTHER).get("/imagepic/policy/getBucketPolicy").then().statusCode(403);
        given().get("/i/" + MINE + "/missing.png").then().statusCode(404); // public-read now: anyone, no token
    }

    private static io.restassured.response.ValidatableResponse signedUrl(String token, String bucket) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", "p.png"))
                .post("/imagepic/image/signedUrl").then();
    }

    private static io.restassured.response.ValidatableResponse setPolicy(String token, String bucket) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "policy", "public-read"))
                .post("/imagepic/policy/setBucketPolicy").then();
    }
}
