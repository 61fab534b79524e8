package io.imagepic.access;

import static io.imagepic.access.Members.grant;
import static io.imagepic.access.Members.image;
import static io.imagepic.access.Members.listObjects;
import static io.imagepic.access.Members.members;
import static io.imagepic.access.Members.object;
import static io.imagepic.access.Members.remove;
import static io.imagepic.access.Members.revoke;
import static io.imagepic.access.Members.signedUrl;
import static io.imagepic.access.Members.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.imagepic.support.Tokens.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code imagepic.access.default=granted}, as in production: the attacks of a freshly registered account on a
 * private bucket, over HTTP against the real service and S3. Every route answers exactly as for a bucket that
 * does not exist, until an admin or manager grants a role; then the role decides.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class GrantedAccessTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aFreshRegistrationFindsNothingOfAPrivateBucketUntilGranted() throws Exception {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("gr-private");
        assertEquals(200, upload(admin, bucket, "secret.png").statusCode());
        Account stranger = Tokens.account();

        try (SseClient all = SseClient.open("/imagepic/notification/listen", stranger.token()).awaitReady()) {
            assertHidden(stranger.token(), bucket);
            assertEquals(200, upload(admin, bucket, "while-hidden.png").statusCode());

            grant(admin, bucket, stranger.phone(), "read").statusCode(200).body("data.role", equalTo("read"))
                    .body("data.member", equalTo(stranger.phone()));

            // read: everything that reads, at the next request; nothing that writes
            assertEquals(200, upload(admin, bucket, "after-grant.png").statusCode());
            Map<?, ?> seen = JsonPath.from(all.nextEvent(WAIT).data()).getMap("");
            assertEquals("after-grant.png", seen.get("key"), "the stream skipped the event of the hidden bucket");
            Tokens.as(stranger.token()).get("/imagepic/bucket/listBuckets").then().statusCode(200)
                    .body("data.name", hasItem(bucket));
            listObjects(stranger.token(), bucket).statusCode(200).body("data.lists.name", hasItem("secret.png"));
            object(stranger.token(), "statObject", bucket, "secret.png").statusCode(200);
            object(stranger.token(), "getObject", bucket, "secret.png").statusCode(200);
            object(stranger.token(), "presignedGetObject", bucket, "secret.png").statusCode(200);
            signedUrl(stranger.token(), bucket, "secret.png").statusCode(200);
            image(stranger.token(), bucket, "secret.png").statusCode(200);
            try (SseClient one = SseClient.open("/imagepic/notification/listen?bucket=" + bucket, stranger.token())) {
                assertEquals(200, one.status());
            }
            var refused = upload(stranger.token(), bucket, "mine.png");
            assertEquals(403, refused.statusCode(), refused.body());
            remove(stranger.token(), bucket, "secret.png").statusCode(403).body("msg", equalTo("未满足权限"));
            members(stranger.token(), bucket).statusCode(403);

            // a revocation holds at the next request
            revoke(admin, bucket, stranger.phone()).statusCode(200).body("success", equalTo(true));
            assertHidden(stranger.token(), bucket);
        }
    }

    /** A stream on one bucket ends with 'reconnect' once the listener's grant there is revoked (it stayed open). */
    @Test
    void aStreamOnABucketEndsWhenItsGrantIsRevoked() throws Exception {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("gr-stream");
        Account reader = Tokens.account();
        grant(admin, bucket, reader.phone(), "read").statusCode(200);
        try (SseClient stream = SseClient.open("/imagepic/notification/listen?bucket=" + bucket, reader.token())
                .awaitReady()) {
            revoke(admin, bucket, reader.phone()).statusCode(200);
            // within the re-check period (3 s); the wait is generous for a loaded machine
            assertEquals("reconnect", stream.nextEvent(WAIT).event());
            assertTrue(stream.ended(WAIT), "the stream ends after it");
        }
    }

    @Test
    void writersUploadAndRemoveTheirOwnObjectsOnlyManagersAnyone() throws Exception {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("gr-roles");
        Account alice = Tokens.account();
        Account bob = Tokens.account();
        Account carol = Tokens.account();
        grant(admin, bucket, alice.phone(), "write").statusCode(200);
        grant(admin, bucket, bob.phone(), "write").statusCode(200);
        grant(admin, bucket, carol.phone(), "manage").statusCode(200);

        assertEquals(200, upload(alice.token(), bucket, "alice.png").statusCode());
        assertEquals(200, upload(bob.token(), bucket, "bob.png").statusCode());
        remove(bob.token(), bucket, "alice.png").statusCode(403).body("success", equalTo(false));
        object(admin, "statObject", bucket, "alice.png").statusCode(200);
        remove(bob.token(), bucket, "bob.png").statusCode(200);
        remove(carol.token(), bucket, "alice.png").statusCode(200);
        object(admin, "statObject", bucket, "alice.png").statusCode(404);

        // a manager manages this bucket's members, and no other bucket's
        Account dave = Tokens.account();
        grant(carol.token(), bucket, dave.phone(), "read").statusCode(200);
        members(carol.token(), bucket).statusCode(200).body("data.member", hasItem(dave.phone()));
        listObjects(dave.token(), bucket).statusCode(200);
        String other = Tokens.bucket("gr-other");
        grant(carol.token(), other, dave.phone(), "manage").statusCode(404);
        grant(alice.token(), bucket, dave.phone(), "manage").statusCode(403);
        revoke(carol.token(), bucket, dave.phone()).statusCode(200);
        listObjects(dave.token(), bucket).statusCode(404);
    }

    @Test
    void removingABucketForgetsItsMembers() {
        String admin = Tokens.admin();
        String bucket = Tokens.bucket("gr-reborn");
        Account member = Tokens.account();
        grant(admin, bucket, member.phone(), "manage").statusCode(200);
        listObjects(member.token(), bucket).statusCode(200);

        Members.post(admin, "/imagepic/bucket/removeBucket", Map.of("bucketName", bucket)).statusCode(200);
        Members.post(admin, "/imagepic/bucket/makeBucket", Map.of("bucketName", bucket)).statusCode(200);
        listObjects(member.token(), bucket).statusCode(404);
        members(admin, bucket).statusCode(200).body("data", equalTo(java.util.List.of()));
    }

    /** Every route answers as for a missing bucket (404, same reason), the listings do not show it. */
    private static void assertHidden(String token, String bucket) throws Exception {
        String missing = bucket + "-none";
        String reason = listObjects(token, missing).statusCode(404).extract().path("data.err");
        assertTrue(reason.endsWith(missing), reason);
        String hidden = reason.replace(missing, bucket);

        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200).body("data.name", not(hasItem(bucket)));
        listObjects(token, bucket).statusCode(404).body("data.err", equalTo(hidden));
        for (String route : new String[] { "statObject", "getObject", "presignedGetObject", "removeObject" }) {
            object(token, route, bucket, "secret.png").statusCode(404).body("data.err", equalTo(hidden));
        }
        signedUrl(token, bucket, "secret.png").statusCode(404).body("data.err", equalTo(hidden));
        image(token, bucket, "secret.png").statusCode(404).body("data.err", equalTo(hidden));
        Tokens.as(token).queryParam("bucketName", bucket).get("/imagepic/policy/getBucketPolicy").then().statusCode(404);
        members(token, bucket).statusCode(404).body("data.err", equalTo(hidden));
        var upload = upload(token, bucket, "planted.png");
        assertEquals(404, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains(hidden), upload.body());
        try (SseClient one = SseClient.open("/imagepic/notification/listen?bucket=" + bucket, token)) {
            assertEquals(404, one.status());
        }
    }
}
