package io.imagepic.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.state.ReplicaId;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The peer route: only signed, fresh messages from another replica reach this replica's listeners. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PeerRouteTest {

    static final String BATCH = "[{\"id\":\"m-1\",\"topic\":\"storage-events\",\"body\":"
            + "\"{\\\"id\\\":\\\"peer-e1\\\",\\\"type\\\":\\\"s3:BucketCreated\\\",\\\"bucket\\\":\\\"peer-made\\\"}\"}]";

    @Inject
    PeerSigner signer;

    @Test
    void unsignedOrForgedMessagesAreRefused() {
        post(null, "other-replica").statusCode(401).body("success", equalTo(false));
        post("t=" + (System.currentTimeMillis() / 1000) + ",v1=" + "00".repeat(32), "other-replica").statusCode(401);
        String stale = signer.sign(BATCH.getBytes(StandardCharsets.UTF_8)).replaceFirst("t=(\\d+)", "t=1000");
        post(stale, "other-replica").statusCode(401);
    }

    @Test
    void aSignedMessageReachesTheListenersOnceAndItsOwnIsRecognised() throws Exception {
        String sig = signer.sign(BATCH.getBytes(StandardCharsets.UTF_8));
        post(sig, ReplicaId.get()).statusCode(409); // the sender learns that this address is itself
        try (SseClient listener = SseClient.open("/imagepic/notification/listen?bucket=peer-made", Tokens.admin())
                .awaitReady()) {
            post(sig, "other-replica").statusCode(200).body("data.received", equalTo(1));
            assertEquals("peer-e1", listener.nextEvent(Duration.ofSeconds(10)).id());
            post(sig, "other-replica").statusCode(200); // a batch sent again after a lost answer
            assertEquals(true, listener.quietFor(Duration.ofMillis(500)), "a repeated message was delivered twice");
        }
    }

    private static io.restassured.response.ValidatableResponse post(String signature, String origin) {
        var r = given().contentType("application/json").header("X-Imagepic-Replica", origin).body(BATCH);
        if (signature != null) {
            r.header(PeerSigner.HEADER, signature);
        }
        return r.post(ClusterBus.PATH).then();
    }
}
