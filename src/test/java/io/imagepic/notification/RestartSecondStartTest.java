package io.imagepic.notification;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service restarted on the same directory: the target is still registered and the pending delivery arrives. */
@QuarkusTest
@TestProfile(RestartProfiles.SecondStart.class)
@WithTestResource(S3ProxyResource.class)
class RestartSecondStartTest {

    @Inject
    ObjectMapper json;

    @Test
    void thePendingDeliveryArrivesAfterTheRestart() throws Exception {
        assertTrue(Files.exists(RestartProfiles.HANDOFF), "run together with RestartFirstStartTest (it runs first)");
        Properties handoff = new Properties();
        try (Reader r = Files.newBufferedReader(RestartProfiles.HANDOFF)) {
            handoff.load(r);
        }
        String id = handoff.getProperty("id");
        Auth.asAdmin().get("/imagepic/notification/webhooks").then().statusCode(200)
                .body("data.find { it.id == '" + id + "' }.bucket", equalTo("wh-restart"));

        try (WebhookReceiver receiver = WebhookReceiver.start(Integer.parseInt(handoff.getProperty("port")))) {
            WebhookReceiver.Received r = receiver.next(Duration.ofSeconds(10));
            assertNotNull(r, "the delivery pending before the restart never arrived");
            Map<?, ?> event = json.readValue(r.body(), Map.class);
            assertEquals("s3:BucketCreated", event.get("type"));
            assertEquals("wh-restart", event.get("bucket"));
            assertNull(receiver.next(Duration.ofSeconds(1)), "delivered twice");
            try (var files = Files.list(RestartProfiles.DIR.resolve("pending"))) {
                assertEquals(0, files.count(), "the delivered event left its pending file behind");
            }
        } finally {
            WebhookTest.unregister(id);
        }
    }
}
