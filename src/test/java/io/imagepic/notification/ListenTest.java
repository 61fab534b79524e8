package io.imagepic.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.Images;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The live stream over real HTTP: what a listener sees, in which order, with which filters. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ListenTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    @Test
    void listenersSeeBucketEventsInOrderAsFiltered() throws Exception {
        String member = Tokens.admin(); // sees every bucket, also those made after it subscribed
        try (SseClient all = SseClient.open("/imagepic/notification/listen", member).awaitReady();
                SseClient oneBucket = SseClient.open("/imagepic/notification/listen?bucket=ntf-b", member).awaitReady();
                SseClient removals = SseClient.open("/imagepic/notification/listen?events=s3:BucketRemoved", Tokens.admin())
                        .awaitReady();
                SseClient family = SseClient.open("/imagepic/notification/listen?events=s3:Bucket*&bucket=ntf-a", member)
                        .awaitReady()) {
            assertEquals(200, all.status());
            Instant before = Instant.now();
            make("ntf-a");
            make("ntf-b");
            remove("ntf-a");

            Map<?, ?> first = event(all);
            assertEquals("s3:BucketCreated", first.get("type"));
            assertEquals("ntf-a", first.get("bucket"));
            assertNull(first.get("key"));
            assertNotNull(first.get("id"));
            assertEquals(Tokens.id(Tokens.admin()), first.get("user"), "the admin who made the bucket");
            assertTrue(!Instant.parse((String) first.get("time")).isBefore(before.minusSeconds(1)));
            assertEquals(Map.of("type", "s3:BucketCreated", "bucket", "ntf-b"), typeAndBucket(event(all)));
            assertEquals(Map.of("type", "s3:BucketRemoved", "bucket", "ntf-a"), typeAndBucket(event(all)));

            assertEquals(Map.of("type", "s3:BucketCreated", "bucket", "ntf-b"), typeAndBucket(event(oneBucket)));
            assertEquals(Map.of("type", "s3:BucketRemoved", "bucket", "ntf-a"), typeAndBucket(event(removals)));
            assertEquals(Map.of("type", "s3:BucketCreated", "bucket", "ntf-a"), typeAndBucket(event(family)));
            assertEquals(Map.of("type", "s3:BucketRemoved", "bucket", "ntf-a"), typeAndBucket(event(family)));
            assertTrue(oneBucket.quietFor(Duration.ofMillis(500)), "bucket filter let another bucket through");
            assertTrue(removals.quietFor(Duration.ofMillis(100)), "event filter let another type through");
            assertTrue(family.quietFor(Duration.ofMillis(100)));
        } finally {
            remove("ntf-b");
        }
    }

    @Test
    void listenersSeeUploadsAndRemovalsWithKeyFilters() throws Exception {
        make("ntf-obj");
        Tokens.Account writer = Tokens.account().with("write", "ntf-obj");
        String member = writer.token();
        String memberId = writer.id();
        try (SseClient pngs = SseClient.open("/imagepic/notification/listen?bucket=ntf-obj&prefix=img/&suffix=.png", member)
                .awaitReady();
                SseClient removals = SseClient.open("/imagepic/notification/listen?bucket=ntf-obj&events=s3:ObjectRemoved:*",
                        Tokens.admin()).awaitReady()) {
            byte[] png = Images.png(2_000, 1);
            String etag = upload(member, "img", "a.png", png, "image/png");
            upload(member, "img", "b.gif", Images.gif(), "image/gif");
            upload(member, "doc", "c.png", Images.png(500, 2), "image/png");
            Tokens.as(member).contentType(ContentType.JSON).body(Map.of("bucketName", "ntf-obj", "objectName", "img/a.png"))
                    .post("/imagepic/object/removeObject").then().statusCode(200);

            Map<?, ?> created = event(pngs);
            assertEquals("s3:ObjectCreated:Put", created.get("type"));
            assertEquals("img/a.png", created.get("key"));
            assertEquals(png.length, ((Number) created.get("size")).intValue());
            assertEquals(etag, created.get("etag"));
            assertEquals("image/png", created.get("contentType"));
            assertEquals(memberId, created.get("user"), "the uploader");
            Map<?, ?> removed = event(pngs);
            assertEquals("s3:ObjectRemoved:Delete", removed.get("type"));
            assertEquals("img/a.png", removed.get("key"));
            assertEquals(memberId, removed.get("user"));
            assertTrue(pngs.quietFor(Duration.ofMillis(500)), "prefix/suffix let b.gif or doc/c.png through");

            assertEquals("img/a.png", event(removals).get("key"));
            assertTrue(removals.quietFor(Duration.ofMillis(100)), "uploads passed an ObjectRemoved filter");
        } finally {
            for (String key : new String[] { "img/b.gif", "doc/c.png" }) {
                Tokens.asAdmin().contentType(ContentType.JSON).body(Map.of("bucketName", "ntf-obj", "objectName", key))
                        .post("/imagepic/object/removeObject").then().statusCode(200);
            }
            remove("ntf-obj");
        }
    }

    /** putObject as the seed's widget sends it; answers the etag. */
    static String upload(String token, String folder, String name, byte[] bytes, String type) {
        return Tokens.as(token).header("bucket", "ntf-obj").header("folder", folder)
                .multiPart("file", name, bytes, type).post("/imagepic/object/putObject")
                .then().statusCode(200).extract().path("data.etag");
    }

    @Test
    void theSseIdIsTheEventIdAndFailedChangesProduceNothing() throws Exception {
        make("ntf-dup");
        // the admin: a member's grant would go with the bucket, before the removal's event is filtered
        try (SseClient all = SseClient.open("/imagepic/notification/listen?bucket=ntf-dup", Tokens.admin()).awaitReady()) {
            Tokens.asAdmin().contentType(ContentType.JSON).body("{\"bucketName\":\"ntf-dup\"}")
                    .post("/imagepic/bucket/makeBucket")
                    .then().statusCode(409);
            remove("ntf-dup");
            SseClient.Frame f = all.nextEvent(WAIT);
            Map<?, ?> e = json.readValue(f.data(), Map.class);
            assertEquals("s3:BucketRemoved", e.get("type"), "the refused makeBucket must not produce an event");
            assertEquals(e.get("id"), f.id());
        }
    }

    @Test
    void heartbeatsKeepIdleStreamsAlive() throws Exception {
        try (SseClient idle = SseClient.open("/imagepic/notification/listen?bucket=nothing-happens-here", Tokens.admin())
                .awaitReady()) {
            SseClient.Frame f = idle.next(Duration.ofSeconds(30)); // test heartbeat: 1s (generous under load)
            assertEquals("heartbeat", f.comment());
        }
    }

    @Test
    void listeningNeedsAToken() throws Exception {
        given().get("/imagepic/notification/listen").then().statusCode(401).body("success", equalTo(false));
        given().header("authorization", "not.a.token").get("/imagepic/notification/listen").then().statusCode(401);
    }

    @Test
    void unknownEventTypesAre400() {
        Tokens.asAdmin().queryParam("events", "s3:ObjectCreated:Put,s3:Nope").get("/imagepic/notification/listen")
                .then().statusCode(400).body("success", equalTo(false)).body("data.err", containsString("s3:Nope"));
    }

    private Map<?, ?> event(SseClient client) throws Exception {
        SseClient.Frame f = client.nextEvent(WAIT);
        assertNull(f.event(), "store events are plain messages");
        return json.readValue(f.data(), Map.class);
    }

    private static Map<String, Object> typeAndBucket(Map<?, ?> e) {
        return Map.of("type", e.get("type"), "bucket", e.get("bucket"));
    }

    static void make(String bucket) {
        Tokens.asAdmin().contentType(ContentType.JSON).body("{\"bucketName\":\"" + bucket + "\"}")
                .post("/imagepic/bucket/makeBucket")
                .then().statusCode(200);
    }

    static void remove(String bucket) {
        Tokens.asAdmin().contentType(ContentType.JSON).body("{\"bucketName\":\"" + bucket + "\"}")
                .post("/imagepic/bucket/removeBucket").then().statusCode(200);
    }
}
