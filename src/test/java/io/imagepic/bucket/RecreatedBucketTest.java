package io.imagepic.bucket;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
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

    @Test
    void tokensWebhooksAndMembersOfARemovedBucketDoNotReachOneCreatedUnderItsName() throws Exception {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("again");
        String kept = Tokens.bucket("kept");
        String token = Tokens.service("again-" + System.nanoTime(), "\"read\"", "\"" + bucket + "\",\"" + kept + "\"");
        Tokens.Account member = Tokens.account().with("read", bucket);
        upload(admin, bucket, Images.png(8, 1));
        list(token, bucket, 200);
        list(member.token(), bucket, 200);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String hook = Tokens.as(admin).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + receiver.url("/again") + "\",\"bucket\":\"" + bucket + "\"}")
                    .post("/imagepic/notification/webhooks").then().statusCode(200).extract().path("data.id");
            String everyBucket = Tokens.as(admin).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + receiver.url("/all") + "\"}")
                    .post("/imagepic/notification/webhooks").then().statusCode(200).extract().path("data.id");
            try {
                remove(admin, bucket);
                Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", bucket))
                        .post("/imagepic/bucket/makeBucket").then().statusCode(200);
                upload(admin, bucket, Images.png(8, 2)); // another team's bucket now

                list(token, bucket, 403); // the old allow-list named it
                list(token, kept, 200); // its other bucket stays
                Tokens.as(admin).get("/imagepic/auth/tokens").then().statusCode(200)
                        .body("data.find { it.name.startsWith('again-') && it.buckets.contains('" + kept + "') }.buckets",
                                org.hamcrest.Matchers.equalTo(java.util.List.of(kept)));
                list(member.token(), bucket, 404); // its grant went with the bucket: as any non-member, it sees none
                Tokens.as(admin).get("/imagepic/notification/webhooks").then().statusCode(200)
                        .body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(hook)))
                        .body("data.id", org.hamcrest.Matchers.hasItem(everyBucket));
            } finally {
                Tokens.as(admin).delete("/imagepic/notification/webhooks/" + everyBucket).then().statusCode(200);
            }
        }
    }

    static void list(String token, String bucket, int status) {
        Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "prefix", ""))
                .post("/imagepic/object/listObjects").then().statusCode(status);
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
