package io.imagepic.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.WebhookReceiver;

/**
 * Runs after {@code mvn package} (failsafe): a delivery that failed while its receiver was down is still owed
 * when the service stops, and arrives, once, after the service started again on the same state directory.
 */
class WebhookRestartPackagedIT {

    static final String ADMIN_PHONE = "13900000000";
    static final String ADMIN_PASSWORD = "Test_pass1";
    static final Duration WAIT = Duration.ofSeconds(60); // generous: only a failing test waits this long

    @RegisterExtension
    final PackagedInstances service = PackagedInstances.of(1).property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.admin.phone", ADMIN_PHONE).property("imagepic.admin.password", ADMIN_PASSWORD)
            .property("imagepic.shutdown.drain-delay", "10ms")
            .property("imagepic.notification.webhook-allowed-hosts", "127.0.0.1")
            // many attempts, so the delivery is still pending when the service comes back
            .property("imagepic.notification.webhook.max-attempts", "100")
            .property("imagepic.notification.webhook.initial-backoff", "200ms")
            .property("imagepic.notification.webhook.max-backoff", "500ms")
            .property("imagepic.notification.webhook.timeout", "3s")
            .property("imagepic.notification.webhook.claim-timeout", "6s")
            .property("imagepic.notification.webhook.poll", "200ms");

    final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aDeliveryPendingWhenTheServiceStopsArrivesAfterTheRestart() throws Exception {
        PackagedInstances.Instance instance = service.get(0);
        String admin = instance.login(ADMIN_PHONE, ADMIN_PASSWORD);
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(Integer.MAX_VALUE)) {
            String id = instance.call("POST", "/imagepic/notification/webhooks", admin,
                    "{\"url\":\"" + receiver.url("/restart") + "\",\"bucket\":\"wh-restart\"}", 200).path("data").path("id")
                    .asText();
            instance.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"wh-restart\"}", 200);
            await("the delivery tried and failed twice").atMost(WAIT).until(() -> receiver.attempts() >= 2);

            instance.sigterm();
            assertTrue(List.of(0, 143).contains(instance.awaitExit(Duration.ofSeconds(90))), "a clean stop");
            List<Path> pending = pendingFiles();
            assertEquals(1, pending.size(), "one delivery recorded on disk: " + pending);
            assertTrue(Files.readString(pending.get(0)).contains("wh-restart"));

            receiver.failNext(0); // the receiver is back
            instance.restart();
            JsonNode hooks = instance.call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data");
            assertEquals("wh-restart", find(hooks, id).path("bucket").asText(), "the target is still registered");

            WebhookReceiver.Received r = receiver.next(WAIT);
            assertNotNull(r, "the delivery pending before the restart never arrived");
            JsonNode event = json.readTree(r.body());
            assertEquals("s3:BucketCreated", event.path("type").asText());
            assertEquals("wh-restart", event.path("bucket").asText());
            await("the delivered event's pending file removed").atMost(WAIT).until(() -> pendingFiles().isEmpty());
            assertNull(receiver.next(Duration.ofSeconds(1)), "delivered twice");
            assertEquals(1, find(instance.call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data"), id)
                    .path("delivered").asInt());
        }
    }

    private List<Path> pendingFiles() {
        try (Stream<Path> files = Files.list(service.store().resolve("notifications").resolve("pending"))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode find(JsonNode hooks, String id) {
        for (JsonNode hook : hooks) {
            if (hook.path("id").asText().equals(id)) {
                return hook;
            }
        }
        throw new AssertionError("webhook " + id + " not listed: " + hooks);
    }
}
