package io.imagepic.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.account.JwtKeys;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;

/**
 * Runs after {@code mvn package} (failsafe): the packaged service on the file store, one replica on its own state
 * directory. A second instance started on that directory refuses to start, says why and names the backend for
 * several replicas, while the first keeps serving. Stopped and started again on the directory, the service keeps its
 * accounts and its generated JWT key pair (a token issued before the restart still verifies), and a webhook delivery
 * that failed while its receiver was down is still owed and arrives, once. (One instance for the three tests, in
 * this order: each start costs seconds of CPU.)
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesOneReplicaPackagedIT {

    static final Duration WAIT = Duration.ofSeconds(60); // generous: only a failing test waits this long

    @RegisterExtension
    static final PackagedInstances service = PackagedInstances.of(1).property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.admin.phone", Tokens.ADMIN_PHONE).property("imagepic.admin.password", Tokens.PASSWORD)
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
    @Order(1)
    void aSecondInstanceOnTheSameDirectoryRefusesToStart() {
        PackagedInstances.Instance first = service.get(0);
        PackagedInstances.Instance second = service.extraOnTheSameState();
        assertNotEquals(0, second.awaitExit(Duration.ofSeconds(120)), "the second instance must not run");
        assertTrue(second.log().contains("imagepic.state.backend=postgres"), second.log());
        assertTrue(second.log().contains("is in use by another instance"), second.log());

        String phone = Tokens.randomPhone();
        first.call("POST", "/imagepic/auth/register", null,
                "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"Test_pass1\"}", 200);
    }

    @Test
    @Order(2)
    void accountsAndKeysSurviveARestart() throws Exception {
        PackagedInstances.Instance instance = service.get(0);
        String phone = Tokens.randomPhone();
        instance.call("POST", "/imagepic/auth/register", null, "{\"name\":\"t\",\"email\":\"t@example.com\",\"phone\":\""
                + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}", 200);
        String before = instance.login(phone, Tokens.PASSWORD);
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", before, null, 200).path("data").path("name").asText());

        Path privateKey = service.store().resolve("jwt").resolve(JwtKeys.PRIVATE_KEY_FILE);
        assertTrue(Files.exists(privateKey), "key pair generated into the state directory");
        assertTrue(Files.isDirectory(service.store().resolve("users").resolve(phone)), "the account is in the store");
        byte[] keyBefore = Files.readAllBytes(privateKey);

        stop(instance);
        instance.restart();

        String fresh = instance.login(phone, Tokens.PASSWORD);
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", fresh, null, 200).path("data").path("name").asText());
        // the key pair was reused, not regenerated: a token from before the restart still verifies
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", before, null, 200).path("data").path("name").asText());
        assertArrayEquals(keyBefore, Files.readAllBytes(privateKey));
    }

    @Test
    @Order(3)
    void aDeliveryPendingWhenTheServiceStopsArrivesAfterTheRestart() throws Exception {
        PackagedInstances.Instance instance = service.get(0);
        String admin = instance.login(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(Integer.MAX_VALUE)) {
            String id = instance.call("POST", "/imagepic/notification/webhooks", admin,
                    "{\"url\":\"" + receiver.url("/restart") + "\",\"bucket\":\"wh-restart\"}", 200).path("data").path("id")
                    .asText();
            instance.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"wh-restart\"}", 200);
            await("the delivery tried and failed twice").atMost(WAIT).until(() -> receiver.attempts() >= 2);

            stop(instance);
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

    /** SIGTERM, and a clean exit. */
    private static void stop(PackagedInstances.Instance instance) {
        instance.sigterm();
        assertTrue(List.of(0, 143).contains(instance.awaitExit(Duration.ofSeconds(90))), "a clean stop");
    }

    private static List<Path> pendingFiles() {
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
