package io.imagepic.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /imagepic/notification/webhooks/{id}/test}: one signed test event to that target alone, through
 * the normal delivery queue (counted), for admins only.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class WebhookTestEventTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    @Test
    void aTestEventReachesTheTargetSignedAndIsCounted() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); WebhookReceiver other = WebhookReceiver.start()) {
            String secret = "the-test-event-secret-0123";
            // filters that no test event would match: it goes out all the same, to this target only
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/test-hook") + "\",\"secret\":\"" + secret
                    + "\",\"bucket\":\"wh-test\",\"events\":[\"s3:ObjectRemoved:*\"],\"suffix\":\".gif\"}");
            String otherId = WebhookTest.register("{\"url\":\"" + other.url("/other") + "\"}");
            try {
                Map<String, Object> sent = Tokens.asAdmin().post("/imagepic/notification/webhooks/" + id + "/test").then()
                        .statusCode(200).body("success", equalTo(true)).body("data.type", equalTo("s3:TestEvent"))
                        .body("data.bucket", equalTo("wh-test")).body("data.user", equalTo(Tokens.id(Tokens.admin())))
                        .extract().path("data");

                WebhookReceiver.Received r = receiver.next(WAIT);
                assertNotNull(r, "the test event was not delivered");
                Map<?, ?> event = json.readValue(r.body(), Map.class);
                assertEquals("s3:TestEvent", event.get("type"));
                assertEquals(sent.get("id"), event.get("id"));
                assertEquals("s3:TestEvent", r.header("x-imagepic-event"));
                assertEquals(sent.get("id"), r.header("x-imagepic-delivery"));
                Matcher m = WebhookTest.SIGNATURE.matcher(r.header("x-imagepic-signature"));
                assertTrue(m.matches(), r.header("x-imagepic-signature"));
                assertEquals(WebhookTest.hmacHex(secret, m.group(1) + "." + new String(r.body(), StandardCharsets.UTF_8)),
                        m.group(2));

                await().atMost(WAIT).untilAsserted(() -> Tokens.asAdmin().get("/imagepic/notification/webhooks").then()
                        .body("data.find { it.id == '" + id + "' }.delivered", equalTo(1))
                        .body("data.find { it.id == '" + id + "' }.pending", equalTo(0)));
                assertNull(other.next(Duration.ofMillis(500)), "another target got the test event");
                Tokens.asAdmin().get("/imagepic/notification/webhooks").then()
                        .body("data.find { it.id == '" + otherId + "' }.delivered", equalTo(0));
            } finally {
                WebhookTest.unregister(id);
                WebhookTest.unregister(otherId);
            }
        }
    }

    @Test
    void aFailingReceiverIsRetriedAndCountedAsAnyDelivery() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(1)) {
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/flaky-test") + "\"}");
            try {
                Tokens.asAdmin().post("/imagepic/notification/webhooks/" + id + "/test").then().statusCode(200);
                assertNotNull(receiver.next(WAIT), "not retried after the failure");
                assertEquals(2, receiver.attempts());
                await().atMost(WAIT).untilAsserted(() -> Tokens.asAdmin().get("/imagepic/notification/webhooks").then()
                        .body("data.find { it.id == '" + id + "' }.delivered", equalTo(1)));
            } finally {
                WebhookTest.unregister(id);
            }
        }
    }

    @Test
    void onlyAdminsTestAndOnlyTargetsTheySee() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/guarded") + "\"}");
            try {
                given().post("/imagepic/notification/webhooks/" + id + "/test").then().statusCode(401);
                Tokens.as(Tokens.member()).post("/imagepic/notification/webhooks/" + id + "/test").then().statusCode(403);
                // a service token with the admin scope reaches only the webhooks it added
                String token = Tokens.service("wh-tester-" + System.nanoTime(), "\"admin\",\"read\"", null);
                Tokens.as(token).post("/imagepic/notification/webhooks/" + id + "/test").then().statusCode(404);
                Tokens.asAdmin().post("/imagepic/notification/webhooks/no-such-id/test").then().statusCode(404)
                        .body("success", equalTo(false));
                assertNull(receiver.next(Duration.ofMillis(500)), "a refused request sent something");
                assertEquals(0, receiver.attempts());
            } finally {
                WebhookTest.unregister(id);
            }
        }
    }
}
