package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Rights that shrink while a stream is open. Before, the stream's re-check re-authenticated the token but kept the
 * caller the stream opened with: a demoted admin kept every bucket's events until the JWT expired (up to 1 h).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ListenRightsTest {

    /** Generous for a loaded machine: the re-check runs every 3 s. */
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aDemotedAdminsStreamEndsWithReconnect() throws Exception {
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);
        Tokens.asAdmin().post("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200);
        try (SseClient stream = SseClient.open("/imagepic/notification/listen", token).awaitReady()) {
            ListenTest.make("lr-admin-sees");
            assertEquals("lr-admin-sees", io.restassured.path.json.JsonPath.from(stream.nextEvent(WAIT).data())
                    .getString("bucket"));

            Tokens.asAdmin().delete("/imagepic/auth/users/" + phone + "/admin").then().statusCode(200);
            SseClient.Frame last = stream.nextEvent(WAIT);
            assertEquals("reconnect", last.event(), "the stream ends with reconnect: " + last);
            assertTrue(last.data().contains("rights"), last.data());
            assertTrue(stream.ended(WAIT), "and then ends");
        } finally {
            ListenTest.remove("lr-admin-sees");
        }
        // connected again, it is a member's stream (the token itself still holds)
        try (SseClient again = SseClient.open("/imagepic/notification/listen", token).awaitReady()) {
            assertEquals(200, again.status());
        }
    }
}
