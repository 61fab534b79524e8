package io.imagepic.bucket;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A bucket removed and created again under its name (for another team, say) is a new bucket: nothing that reached the
 * old one reaches it. The attack: keep a signed link (and a token, a webhook, a grant) of the old bucket, wait for the
 * name to be taken again, and open it. Before, the link opened the new bucket's image of the same key.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RecreatedBucketTest {

    @Test
    void aSignedLinkToARemovedBucketNeverOpensOneCreatedUnderItsName() {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("again"); // private
        upload(admin, bucket, Images.png(8, 1));
        String link = Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", bucket, "objectName", "same.png", "expiry", 3600))
                .post("/imagepic/image/signedUrl").then().statusCode(200).extract().path("data.url");
        open(link, 200);

        remove(admin, bucket);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", bucket))
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
        upload(admin, bucket, Images.png(8, 2)); // the new team's image, under the same key

        open(link, 403);
        String fresh = Tokens.as(admin).contentType(ContentType.JSON)
                .body(Map.of("bucketName", bucket, "objectName", "same.png", "expiry", 3600))
                .post("/imagepic/image/signedUrl").then().statusCode(200).extract().path("data.url");
        open(fresh, 200); // links made for the new bucket open it
    }

    static void upload(String token, String bucket, byte[] png) {
        Tokens.as(token).header("bucket", bucket).contentType(Multipart.contentType())
                .body(new Multipart().file("same.png", "image/png", png).bytes())
                .post("/imagepic/object/putObject").then().statusCode(200);
    }

    static void remove(String admin, String bucket) {
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", "same.png"))
                .post("/imagepic/object/removeObject").then().statusCode(200);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", bucket))
                .post("/imagepic/bucket/removeBucket").then().statusCode(200);
    }

    static void open(String url, int status) {
        given().urlEncodingEnabled(false).get(url.substring(url.indexOf("/i/"))).then().statusCode(status);
    }
}
