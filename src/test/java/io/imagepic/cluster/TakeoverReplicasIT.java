package io.imagepic.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.Images;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;

/**
 * Two replicas on one database, each with its own state directory, and signals. First the harness itself: they serve
 * as one, and a replica stopped with SIGTERM exits normally and comes back on restart. Then a replica dies (kill -9)
 * while its POST of a webhook delivery is in flight: the other replica takes the delivery over once the lease ran
 * out, and every event arrives, the one in flight with the delivery id it was first sent with. (One set of replicas
 * for both tests: each start of one costs seconds of CPU.)
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TakeoverReplicasIT {

    static final String ADMIN_PHONE = "13900000000";

    @RegisterExtension
    static final PackagedInstances replicas = PackagedInstances.of(2).postgres()
            .property("imagepic.admin.phone", ADMIN_PHONE)
            .property("imagepic.admin.password", Tokens.PASSWORD)
            .property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.notification.webhook-allowed-hosts", "127.0.0.1")
            .property("imagepic.notification.webhook.initial-backoff", "200ms")
            .property("imagepic.notification.webhook.max-backoff", "1s")
            .property("imagepic.notification.webhook.max-attempts", "50")
            .property("imagepic.notification.webhook.timeout", "20s") // the held POST is still waiting when its sender dies
            .property("imagepic.notification.webhook.claim-timeout", "4s")
            .property("imagepic.notification.webhook.poll", "200ms");

    @Test
    @Order(1)
    void twoInstancesShareOneDatabaseAndSurviveSignals() {
        Instance a = replicas.get(0);
        Instance b = replicas.get(1);
        assertNotEquals(a.state(), b.state(), "each instance has its own state directory");
        assertEquals("postgres", a.settings().get("imagepic.state.backend"));

        String phone = Tokens.randomPhone();
        a.call("POST", "/imagepic/auth/register", null,
                "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"Test_pass1\"}", 200);
        String token = b.login(phone, Tokens.PASSWORD);
        a.call("GET", "/imagepic/auth/me", token, null, 200); // b's token (the JWT key is the database's) works on a

        b.sigterm();
        int exit = b.awaitExit(Duration.ofSeconds(60));
        assertTrue(List.of(0, 143).contains(exit), "SIGTERM ends the JVM normally, got " + exit);
        b.restart();
        b.call("GET", "/imagepic/auth/me", token, null, 200);
        a.login(phone, Tokens.PASSWORD);
    }

    @Test
    @Order(2)
    void theDeliveriesOfAKilledReplicaAreDeliveredByTheOtherAfterTheClaimTimeout() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        String admin = one.login(ADMIN_PHONE, Tokens.PASSWORD);
        one.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"rep-takeover\"}", 200);

        try (WebhookReceiver receiver = WebhookReceiver.start().holdAnswers()) {
            one.call("POST", "/imagepic/notification/webhooks", admin, "{\"url\":\"" + receiver.url("/h")
                    + "\",\"bucket\":\"rep-takeover\",\"events\":[\"s3:ObjectCreated:*\"]}", 200);
            for (int i = 0; i < 4; i++) {
                ClusterReplicasIT.upload(one, "rep-takeover", "k" + i + ".png", Images.png(1_000, i), admin);
            }
            // one's delivery is in flight: the receiver holds it without answering
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.held() >= 1);
            String inFlight = receiver.heldDeliveries().get(0);
            one.kill9();
            assertFalse(one.alive());
            assertEquals(137, one.awaitExit(Duration.ofSeconds(5)));
            receiver.answer();

            Set<String> keys = new TreeSet<>();
            Set<String> deliveries = new TreeSet<>();
            ObjectMapper json = new ObjectMapper();
            while (keys.size() < 4) {
                WebhookReceiver.Received r = receiver.next(Duration.ofSeconds(90)); // generous: a loaded CI machine
                assertNotNull(r, "deliveries pending when the replica died never arrived; got " + keys);
                keys.add(json.readTree(r.body()).path("key").asText());
                assertTrue(deliveries.add(r.header("x-imagepic-delivery")), "accepted twice");
            }
            assertEquals(Set.of("k0.png", "k1.png", "k2.png", "k3.png"), keys);
            assertTrue(deliveries.contains(inFlight), "the delivery in flight arrived with the id it was first sent with");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(0,
                    two.call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data").get(0)
                            .path("pending").asInt()));
            assertTrue(receiver.held() >= 1);
        }
        two.login(ADMIN_PHONE, Tokens.PASSWORD); // after a kill -9 of the other, the survivor still signs people in
    }
}
