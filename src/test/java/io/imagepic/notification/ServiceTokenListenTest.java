package io.imagepic.notification;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A service token listening: the read scope, and only the events of its buckets. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ServiceTokenListenTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    @Test
    void aServiceTokenHearsOnlyItsBuckets() throws Exception {
        String reader = Tokens.service("listen-bff", "\"read\"", "\"svc-ntf-mine\"");
        String uploader = Tokens.service("listen-upload-bff", "\"upload\"", null);
        String admin = Tokens.admin();

        Tokens.as(reader).header("Accept-Language", "en").get("/imagepic/notification/listen?bucket=svc-ntf-other")
                .then().statusCode(403).body("data.err", containsString("svc-ntf-other"));
        Tokens.as(uploader).get("/imagepic/notification/listen").then().statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(reader).get("/imagepic/notification/webhooks").then().statusCode(403);

        try (SseClient all = SseClient.open("/imagepic/notification/listen", reader).awaitReady()) {
            assertEquals(200, all.status());
            for (String b : new String[] { "svc-ntf-other", "svc-ntf-mine" }) {
                Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", b))
                        .post("/imagepic/bucket/makeBucket").then().statusCode(200);
            }
            Map<?, ?> first = json.readValue(all.nextEvent(WAIT).data(), Map.class);
            assertEquals("svc-ntf-mine", first.get("bucket"), "the other bucket's event was not delivered");
            assertTrue(all.quietFor(Duration.ofSeconds(1)));
        }
    }
}
