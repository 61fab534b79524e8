package io.imagepic.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

/**
 * The signed links' key ring over HTTP, as an admin runs it: a rotation leaves the links already out opening while
 * new links carry the new kid; retiring a key revokes its links at once, and only those. Before the ring there was
 * one key and no kid: a rotation broke every link, and nothing revoked a link before it expired.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class LinkKeyRotationTest {

    @Inject
    MinioClient minio;

    @Test
    void rotationKeepsOldLinksOpeningAndRetiringAKeyRevokesItsLinks() throws Exception {
        String bucket = Tokens.bucket("keys"); // private
        S3Fixtures.put(minio, bucket, "a.png", Images.png(8, 1), "image/png");
        String admin = Tokens.admin();

        String old = signedUrl(admin, bucket);
        String oldKid = kid(old);
        open(old, 200);

        String newKid = Tokens.as(admin).post("/imagepic/image/keys/rotate").then().statusCode(200)
                .extract().path("data.kid");
        assertNotEquals(oldKid, newKid);
        String fresh = signedUrl(admin, bucket);
        assertEquals(newKid, kid(fresh), "new links carry the new key's id");
        open(old, 200); // still open: it has not expired
        open(fresh, 200);
        List<Map<String, Object>> keys = Tokens.as(admin).get("/imagepic/image/keys").then().statusCode(200)
                .extract().path("data");
        assertTrue(keys.contains(Map.of("kid", newKid, "signing", true, "retired", false)), keys.toString());
        assertTrue(keys.contains(Map.of("kid", oldKid, "signing", false, "retired", false)), keys.toString());

        Tokens.as(admin).post("/imagepic/image/keys/" + oldKid + "/retired").then().statusCode(200)
                .body("data.retired", org.hamcrest.Matchers.equalTo(true));
        open(old, 403); // revoked before it expired
        open(fresh, 200);
        // a link naming the retired key with a signature of the new one: still refused
        open(old.replaceAll("signature=[^&]*", fresh.replaceAll(".*signature=([^&]*).*", "signature=$1")), 403);

        // retiring the key that signs: a new one signs from then on, the links of the retired one stop opening
        String third = Tokens.as(admin).post("/imagepic/image/keys/" + newKid + "/retired").then().statusCode(200)
                .extract().path("data.kid");
        assertEquals(newKid, third);
        open(fresh, 403);
        String latest = signedUrl(admin, bucket);
        assertNotEquals(newKid, kid(latest));
        open(latest, 200);
    }

    @Test
    void onlyAdminsSeeOrChangeTheRing() {
        String member = Tokens.member();
        Tokens.as(member).get("/imagepic/image/keys").then().statusCode(403);
        Tokens.as(member).post("/imagepic/image/keys/rotate").then().statusCode(403);
        Tokens.as(member).post("/imagepic/image/keys/1/retired").then().statusCode(403);
        given().post("/imagepic/image/keys/rotate").then().statusCode(401);
        String service = Tokens.service("keys-" + System.nanoTime(), "\"admin\",\"read\"", null);
        Tokens.as(service).post("/imagepic/image/keys/rotate").then().statusCode(403);
        Tokens.as(Tokens.admin()).post("/imagepic/image/keys/999999/retired").then().statusCode(404);
        Tokens.as(Tokens.admin()).post("/imagepic/image/keys/nope/retired").then().statusCode(404);
    }

    private static String signedUrl(String token, String bucket) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", "a.png"))
                .post("/imagepic/image/signedUrl").then().statusCode(200).extract().path("data.url");
    }

    static String kid(String url) {
        return url.replaceAll(".*[?&]kid=([^&]*).*", "$1");
    }

    static void open(String url, int status) {
        given().urlEncodingEnabled(false).get(url.substring(url.indexOf("/i/"))).then().statusCode(status);
    }
}
