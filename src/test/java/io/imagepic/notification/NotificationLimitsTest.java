package io.imagepic.notification;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What a service token may do with notifications, and how long a stream lives. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class NotificationLimitsTest {

    @Test
    void aBucketLimitedTokenAddsWebhooksOnlyForItsBucketsAndSeesOnlyItsOwn() throws Exception {
        String token = Tokens.service("hook-bff", "\"admin\",\"read\"", "\"lim-mine\"");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String adminHook = WebhookTest.register("{\"url\":\"" + receiver.url("/admin") + "\",\"bucket\":\"lim-other\"}");
            try {
                // another bucket, or every bucket: refused
                Tokens.as(token).contentType(ContentType.JSON)
                        .body("{\"url\":\"" + receiver.url("/t") + "\",\"bucket\":\"lim-other\"}")
                        .post("/imagepic/notification/webhooks").then().statusCode(403);
                Tokens.as(token).contentType(ContentType.JSON).body("{\"url\":\"" + receiver.url("/t") + "\"}")
                        .post("/imagepic/notification/webhooks").then().statusCode(403);
                // its own bucket: fine, and it sees only that one
                String own = Tokens.as(token).contentType(ContentType.JSON)
                        .body("{\"url\":\"" + receiver.url("/t") + "\",\"bucket\":\"lim-mine\"}")
                        .post("/imagepic/notification/webhooks").then().statusCode(200).extract().path("data.id");
                Tokens.as(token).get("/imagepic/notification/webhooks").then().statusCode(200)
                        .body("data.id", hasItem(own)).body("data.id", not(hasItem(adminHook)));
                Tokens.as(token).delete("/imagepic/notification/webhooks/" + adminHook).then().statusCode(404);
                Tokens.asAdmin().get("/imagepic/notification/webhooks").then().body("data.id", hasItem(adminHook));
                Tokens.as(token).delete("/imagepic/notification/webhooks/" + own).then().statusCode(200);
            } finally {
                WebhookTest.unregister(adminHook);
            }
        }
    }

    @Test
    void aStreamEndsSoonAfterItsTokenIsRevoked() throws Exception {
        String body = "{\"name\":\"listen-revoked\",\"scopes\":[\"read\"]}";
        var created = Tokens.asAdmin().contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then()
                .statusCode(200).extract();
        String token = created.path("data.token");
        String id = created.path("data.id");
        try (SseClient stream = SseClient.open("/imagepic/notification/listen", token).awaitReady()) {
            Tokens.asAdmin().delete("/imagepic/auth/tokens/" + id).then().statusCode(200);
            SseClient.Frame last = stream.nextEvent(Duration.ofSeconds(15)); // checks every 3 s
            assertEquals("revoked", last.event());
            assertTrue(stream.ended(Duration.ofSeconds(10)), "the stream outlived the revocation");
        }
        Tokens.as(token).get("/imagepic/notification/listen").then().statusCode(401);
    }

    @Test
    void oneCallerCannotTakeEveryStreamSlot() throws Exception {
        String member = Tokens.member();
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) { // imagepic.notification.max-subscribers-per-caller
                open.add(SseClient.open("/imagepic/notification/listen", member).awaitReady());
            }
            Tokens.as(member).get("/imagepic/notification/listen").then().statusCode(429).body("success", equalTo(false));
            // another caller still gets a stream
            try (SseClient other = SseClient.open("/imagepic/notification/listen", Tokens.member()).awaitReady()) {
                assertEquals(200, other.status());
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }
}
