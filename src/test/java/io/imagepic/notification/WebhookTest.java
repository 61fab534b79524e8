package io.imagepic.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Webhooks against real receivers on 127.0.0.1: registration, signatures, retries. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class WebhookTest {

    static final Duration WAIT = Duration.ofSeconds(30); // generous: only a failing test waits this long
    static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    @Inject
    ObjectMapper json;

    @Test
    void deliveriesAreSignedOverTheBodyAndTimestamp() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = "a-shared-secret-of-some-length";
            String id = register("{\"url\":\"" + receiver.url("/hook") + "\",\"secret\":\"" + secret
                    + "\",\"bucket\":\"wh-signed\"}");
            try {
                ListenTest.make("wh-other"); // filtered out
                ListenTest.make("wh-signed");
                WebhookReceiver.Received r = receiver.next(WAIT);
                assertNotNull(r, "no delivery");
                Map<?, ?> event = json.readValue(r.body(), Map.class);
                assertEquals("s3:BucketCreated", event.get("type"));
                assertEquals("wh-signed", event.get("bucket"));
                assertEquals("application/json", r.header("content-type"));
                assertEquals("s3:BucketCreated", r.header("x-imagepic-event"));
                assertEquals(event.get("id"), r.header("x-imagepic-delivery"));

                Matcher m = SIGNATURE.matcher(r.header("x-imagepic-signature"));
                assertTrue(m.matches(), r.header("x-imagepic-signature"));
                long t = Long.parseLong(m.group(1));
                assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 60, "timestamp is the time of sending");
                assertEquals(hmacHex(secret, m.group(1) + "." + new String(r.body(), StandardCharsets.UTF_8)), m.group(2));
                // a receiver with another secret would reject it
                assertTrue(!hmacHex("another-secret-entirely", m.group(1) + "." + new String(r.body(), StandardCharsets.UTF_8))
                        .equals(m.group(2)));
                assertNull(receiver.next(Duration.ofMillis(500)), "the other bucket's event was filtered out");
            } finally {
                unregister(id);
                ListenTest.remove("wh-other");
                ListenTest.remove("wh-signed");
            }
        }
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheEventExactlyOnce() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(3)) {
            String id = register(
                    "{\"url\":\"" + receiver.url("/flaky") + "\",\"bucket\":\"wh-flaky\",\"events\":[\"s3:BucketCreated\"]}");
            try {
                long start = System.nanoTime();
                ListenTest.make("wh-flaky");
                WebhookReceiver.Received r = receiver.next(WAIT);
                assertNotNull(r, "not delivered after the receiver recovered");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(4, receiver.attempts(), "three failures, then the success");
                // backoff 200ms, 400ms, 800ms (test profile): at least 1.4s between first try and success. A lower
                // bound only, which load cannot break; the schedule itself is RetryPolicyTest's.
                assertTrue(ms >= 1_300, "retried too fast: " + ms + " ms");
                assertEquals("wh-flaky", json.readValue(r.body(), Map.class).get("bucket"));

                assertNull(receiver.next(Duration.ofSeconds(2)), "delivered more than once");
                assertEquals(4, receiver.attempts());
                Tokens.asAdmin().get("/imagepic/notification/webhooks").then().statusCode(200)
                        .body("data.find { it.id == '" + id + "' }.delivered", equalTo(1))
                        .body("data.find { it.id == '" + id + "' }.pending", equalTo(0))
                        .body("data.find { it.id == '" + id + "' }.failed", equalTo(0));
            } finally {
                unregister(id);
                ListenTest.remove("wh-flaky");
            }
        }
    }

    @Test
    void aDeliveryIsGivenUpAfterMaxAttemptsAndLaterEventsStillFlow() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(1_000)) {
            // a hook on bucket events of every bucket: a bucket's own hooks go with it when it is removed
            String id = register(
                    "{\"url\":\"" + receiver.url("/down") + "\",\"events\":[\"s3:BucketCreated\",\"s3:BucketRemoved\"]}");
            try {
                ListenTest.make("wh-down");
                // max-attempts 4 in the test profile: 200+400+800 ms of backoff, then given up. Once it is counted
                // as failed its delivery is gone from the queue, so no fifth attempt can follow.
                await("the delivery given up").atMost(WAIT).untilAsserted(() -> Tokens.asAdmin()
                        .get("/imagepic/notification/webhooks").then()
                        .body("data.find { it.id == '" + id + "' }.failed", equalTo(1))
                        .body("data.find { it.id == '" + id + "' }.pending", equalTo(0)));
                assertEquals(4, receiver.attempts(), "attempted max-attempts times, then given up");
                receiver.failNext(0);
                ListenTest.remove("wh-down");
                WebhookReceiver.Received r = receiver.next(WAIT);
                assertNotNull(r);
                assertEquals("s3:BucketRemoved", json.readValue(r.body(), Map.class).get("type"));
            } finally {
                unregister(id);
            }
        }
    }

    /** A target that hangs keeps at most max-pending deliveries (16 in the test profile); the rest is counted. */
    @Test
    void aTargetThatHangsKeepsAtMostMaxPendingAndCountsWhatItDrops() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().holdAnswers()) {
            // bucket events of every bucket (a bucket's own hooks go with it, at its first removal)
            String id = register(
                    "{\"url\":\"" + receiver.url("/full") + "\",\"events\":[\"s3:BucketCreated\",\"s3:BucketRemoved\"]}");
            String target = "data.find { it.id == '" + id + "' }";
            try {
                double before = droppedMetric();
                for (int i = 0; i < 15; i++) { // 30 events; one attempt at a time per target, each held for 3 s
                    ListenTest.make("wh-full");
                    ListenTest.remove("wh-full");
                }
                // every event is pending, given up or dropped, and no more than max-pending are pending
                await().atMost(WAIT).untilAsserted(() -> {
                    Map<String, Integer> t = Tokens.asAdmin().get("/imagepic/notification/webhooks").then().statusCode(200)
                            .extract().path(target);
                    assertTrue(t.get("pending") <= 16, "pending: " + t);
                    assertEquals(30, t.get("pending") + t.get("failed") + t.get("dropped") + t.get("delivered"), t.toString());
                    assertTrue(t.get("dropped") >= 1, "nothing dropped: " + t);
                });
                int dropped = Tokens.asAdmin().get("/imagepic/notification/webhooks").then().extract()
                        .path(target + ".dropped");
                assertTrue(droppedMetric() - before >= dropped, "the metric counts what the listing shows");
            } finally {
                unregister(id);
                receiver.answer();
            }
        }
    }

    static double droppedMetric() {
        String metrics = io.imagepic.support.Management.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^imagepic_webhook_deliveries_total\\{[^}]*outcome=\"dropped\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertTrue(m.find(), "no dropped-deliveries metric");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void targetsAreValidatedListedWithoutSecretsAndRemoved() {
        for (String bad : new String[] { "ftp://127.0.0.1/x", "not a url", "/relative/path", "http:///nohost",
                "http://user:pw@127.0.0.1/x", "file:///etc/passwd" }) {
            Tokens.asAdmin().contentType(ContentType.JSON).body("{\"url\":\"" + bad + "\"}")
                    .post("/imagepic/notification/webhooks")
                    .then().statusCode(400).body("success", equalTo(false)).body("code", equalTo("-1"));
        }
        Tokens.asAdmin().contentType(ContentType.JSON).body("{}").post("/imagepic/notification/webhooks").then().statusCode(400)
                .body("data.err", containsString("url"));
        Tokens.asAdmin().contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"s3:Whatever\"]}")
                .post("/imagepic/notification/webhooks").then().statusCode(400).body("data.err", containsString("s3:Whatever"));
        Tokens.asAdmin().contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"short\"}")
                .post("/imagepic/notification/webhooks").then().statusCode(400).body("data.err", containsString("secret"));

        String secret = Tokens.asAdmin().contentType(ContentType.JSON)
                .body("{\"url\":\"https://127.0.0.1:9/x\",\"prefix\":\"img/\",\"suffix\":\".png\",\"events\":[\"s3:ObjectCreated:*\"]}")
                .post("/imagepic/notification/webhooks").then().statusCode(200)
                .body("data.url", equalTo("https://127.0.0.1:9/x")).body("data.events[0]", equalTo("s3:ObjectCreated:*"))
                .extract().path("data.secret");
        assertTrue(secret != null && secret.length() >= 32, "a generated secret is returned once");
        String id = Tokens.asAdmin().get("/imagepic/notification/webhooks").then().statusCode(200)
                .body("data.url", hasItem("https://127.0.0.1:9/x"))
                .body("data.find { it.url == 'https://127.0.0.1:9/x' }.secret", nullValue())
                .body("data.find { it.url == 'https://127.0.0.1:9/x' }.prefix", equalTo("img/"))
                .extract().path("data.find { it.url == 'https://127.0.0.1:9/x' }.id");
        Tokens.asAdmin().delete("/imagepic/notification/webhooks/" + id).then().statusCode(200).body("success", equalTo(true));
        Tokens.asAdmin().get("/imagepic/notification/webhooks").then().body("data.id", not(hasItem(id)));
        Tokens.asAdmin().delete("/imagepic/notification/webhooks/" + id).then().statusCode(404).body("success", equalTo(false));
    }

    @Test
    void webhooksAreForAdmins() {
        Tokens.as(Tokens.member()).get("/imagepic/notification/webhooks").then().statusCode(403).body("success",
                equalTo(false));
        Tokens.as(Tokens.member()).contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:9/x\"}")
                .post("/imagepic/notification/webhooks").then().statusCode(403);
        Tokens.as(Tokens.member()).delete("/imagepic/notification/webhooks/any").then().statusCode(403);
        given().get("/imagepic/notification/webhooks").then().statusCode(401);
    }

    static String register(String body) {
        return Tokens.asAdmin().contentType(ContentType.JSON).body(body).post("/imagepic/notification/webhooks")
                .then().statusCode(200).extract().path("data.id");
    }

    static void unregister(String id) {
        Tokens.asAdmin().delete("/imagepic/notification/webhooks/" + id).then().statusCode(200);
    }

    static String hmacHex(String secret, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
