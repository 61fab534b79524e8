package io.imagepic.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A delivery fails while the receiver is down; the service stops with it pending. See {@link RestartSecondStartTest}. */
@QuarkusTest
@TestProfile(RestartProfiles.FirstStart.class)
@WithTestResource(S3ProxyResource.class)
class RestartFirstStartTest {

    @Test
    void aDeliveryIsPendingWhenTheServiceStops() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(Integer.MAX_VALUE)) {
            String id = WebhookTest.register("{\"url\":\"" + receiver.url("/restart") + "\",\"bucket\":\"wh-restart\"}");
            ListenTest.make("wh-restart");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (receiver.attempts() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(receiver.attempts() >= 2, "the delivery was tried and failed");
            List<Path> pending;
            try (Stream<Path> files = Files.list(RestartProfiles.DIR.resolve("pending"))) {
                pending = files.toList();
            }
            assertEquals(1, pending.size(), "one delivery recorded on disk: " + pending);
            assertTrue(Files.readString(pending.get(0)).contains("wh-restart"));

            java.util.Properties handoff = new java.util.Properties();
            handoff.setProperty("port", Integer.toString(receiver.port()));
            handoff.setProperty("id", id);
            try (Writer w = Files.newBufferedWriter(RestartProfiles.HANDOFF)) {
                handoff.store(w, "written by RestartFirstStartTest");
            }
        }
    }
}
