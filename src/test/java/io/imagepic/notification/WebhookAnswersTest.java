package io.imagepic.notification;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A receiver that never finishes its answer: one streaming a body without end (before: buffered whole, the
 * delivery never ended), one trickling a byte at a time so that it never goes quiet (before: only an idle
 * timeout, which a trickle never trips). Both are cut off, and the attempt fails.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class WebhookAnswersTest {

    static final Duration WAIT = WebhookTest.WAIT;

    @Test
    void anEndlessAnswerIsCutOffAndTheDeliveryCountedAsFailed() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().answerWithoutEnd(Duration.ZERO)) {
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/endless") + "\",\"bucket\":\"wh-endless\"}");
            String target = "data.find { it.id == '" + id + "' }";
            try {
                ListenTest.make("wh-endless");
                // max-attempts 4 in the test profile: each attempt is cut off after 64 KiB, then given up
                await("the delivery given up").atMost(WAIT).untilAsserted(() -> Tokens.asAdmin()
                        .get("/imagepic/notification/webhooks").then()
                        .body(target + ".failed", equalTo(1))
                        .body(target + ".delivered", equalTo(0))
                        .body(target + ".pending", equalTo(0)));
                assertEquals(4, receiver.attempts(), "every attempt ended, none was taken as delivered");
                await("the receiver sees each connection dropped").atMost(WAIT)
                        .untilAsserted(() -> assertEquals(4, receiver.cutOffs()));
            } finally {
                WebhookTest.unregister(id);
                ListenTest.remove("wh-endless");
            }
        }
    }

    @Test
    void anAnswerThatTricklesIsCutOffAtTheDeliveryDeadline() throws Exception {
        // one byte every 100 ms: the connection is never idle for the 3 s timeout of the test profile
        try (WebhookReceiver receiver = WebhookReceiver.start().answerWithoutEnd(Duration.ofMillis(100))) {
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/trickle") + "\",\"bucket\":\"wh-trickle\"}");
            try {
                ListenTest.make("wh-trickle");
                await("the first attempt cut off").atMost(WAIT).until(() -> receiver.cutOffs() >= 1);
                await("and retried, as a failed attempt").atMost(WAIT).until(() -> receiver.attempts() >= 2);
                assertTrue(Tokens.asAdmin().get("/imagepic/notification/webhooks").then().extract()
                        .<Integer> path("data.find { it.id == '" + id + "' }.delivered") == 0, "never counted as delivered");
            } finally {
                WebhookTest.unregister(id);
                ListenTest.remove("wh-trickle");
            }
        }
    }
}
