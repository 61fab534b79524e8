package io.imagepic.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.PostgresServer;
import io.imagepic.support.SharedReplicas;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;

/**
 * Three packaged replicas on one PostgreSQL database and one S3 server, each with its own state directory (nothing
 * is shared through files): whichever replica a request reaches, the service behaves as one. Changes reach the other
 * replicas over LISTEN/NOTIFY within a second, whatever the reload interval (an hour here). The replicas are
 * {@link SharedReplicas#THREE_ON_POSTGRES}: other classes use them at the same time, on buckets and accounts of their
 * own.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterReplicasIT {

    static final String ADMIN_PHONE = "13900000000";
    static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final PackagedInstances replicas = SharedReplicas.THREE_ON_POSTGRES;

    static final ObjectMapper JSON = new ObjectMapper();
    static String admin;

    @BeforeAll
    static void signIn() {
        Instance a = replicas.get(0);
        admin = a.login(ADMIN_PHONE, Tokens.PASSWORD);
    }

    @Test
    void aListenerOnOneReplicaHearsEveryChangeMadeThroughTheOthersInOrder() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        Instance three = replicas.get(2);
        makeBucket(two, "rep-live");
        try (SseClient listener = SseClient.open(one.url(), "/imagepic/notification/listen?bucket=rep-live", admin)
                .awaitReady()) {
            upload(two, "rep-live", "a.png", Images.png(2_000, 1));
            upload(three, "rep-live", "b.png", Images.png(2_000, 2));
            remove(two, "rep-live", "a.png");
            upload(two, "rep-live", "a.png", Images.png(3_000, 3));
            remove(three, "rep-live", "b.png");

            List<String> heard = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode e = JSON.readTree(listener.nextEvent(WAIT).data());
                heard.add(e.path("type").asText().replace("s3:Object", "") + " " + e.path("key").asText());
            }
            // in order per object (each object's changes went through one replica here)
            assertEquals(List.of("Created:Put a.png", "Removed:Delete a.png", "Created:Put a.png"),
                    heard.stream().filter(s -> s.endsWith("a.png")).toList());
            assertEquals(List.of("Created:Put b.png", "Removed:Delete b.png"),
                    heard.stream().filter(s -> s.endsWith("b.png")).toList());
            assertTrue(listener.quietFor(Duration.ofSeconds(1)), "an event was heard twice");
        }
    }

    @Test
    void aWebhookAddedThroughOneReceivesEachEventOfUploadsThroughTwoExactlyOnce() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(one, "rep-hook");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String id = one.call("POST", "/imagepic/notification/webhooks", admin, "{\"url\":\"" + receiver.url("/h")
                    + "\",\"bucket\":\"rep-hook\",\"events\":[\"s3:ObjectCreated:*\"]}", 200).path("data").path("id").asText();
            try {
                for (int i = 0; i < 5; i++) {
                    upload(two, "rep-hook", "f" + i + ".png", Images.png(1_000, i));
                }
                Set<String> deliveries = new HashSet<>();
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < 5; i++) {
                    WebhookReceiver.Received r = receiver.next(WAIT);
                    assertNotNull(r, "delivery " + i + " missing");
                    assertTrue(deliveries.add(r.header("x-imagepic-delivery")), "delivered twice");
                    keys.add(JSON.readTree(r.body()).path("key").asText());
                }
                assertEquals(Set.of("f0.png", "f1.png", "f2.png", "f3.png", "f4.png"), keys);
                assertNull(receiver.next(Duration.ofSeconds(2)), "an event was delivered more than once");
                await().atMost(WAIT).untilAsserted(() -> assertEquals(5, replicas.get(2)
                        .call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data").findValue("delivered")
                        .asInt(), "the counters are the same on every replica"));
            } finally {
                one.call("DELETE", "/imagepic/notification/webhooks/" + id, admin, null, 200);
            }
        }
    }

    /** The console's "send a test event" works through any replica, for a target added through another. */
    @Test
    void aTestEventAskedOfTwoForAWebhookAddedThroughOneArrivesOnceAndIsCountedEverywhere() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String id = one.call("POST", "/imagepic/notification/webhooks", admin,
                    "{\"url\":\"" + receiver.url("/t") + "\",\"bucket\":\"rep-test-event\"}", 200).path("data").path("id")
                    .asText();
            try {
                String sent = two.call("POST", "/imagepic/notification/webhooks/" + id + "/test", admin, null, 200)
                        .path("data").path("id").asText();
                WebhookReceiver.Received r = receiver.next(WAIT);
                assertNotNull(r, "the test event was not delivered");
                assertEquals(sent, r.header("x-imagepic-delivery"));
                assertEquals("s3:TestEvent", JSON.readTree(r.body()).path("type").asText());
                assertNull(receiver.next(Duration.ofSeconds(2)), "the test event was delivered more than once");
                for (Instance each : replicas.all()) {
                    await().atMost(WAIT).untilAsserted(() -> assertEquals(1, StreamSupport
                            .stream(each.call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data")
                                    .spliterator(), false)
                            .filter(t -> id.equals(t.path("id").asText())).findFirst().orElseThrow()
                            .path("delivered").asInt(), "the count is the same on every replica"));
                }
            } finally {
                one.call("DELETE", "/imagepic/notification/webhooks/" + id, admin, null, 200);
            }
        }
    }

    @Test
    void aWebhookRemovedThroughTwoReceivesNothingMoreFromOne() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(two, "rep-unhook");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String id = one.call("POST", "/imagepic/notification/webhooks", admin,
                    "{\"url\":\"" + receiver.url("/h") + "\",\"bucket\":\"rep-unhook\"}", 200).path("data").path("id").asText();
            upload(one, "rep-unhook", "before.png", Images.png(1_000, 7));
            assertNotNull(receiver.next(WAIT), "the webhook works before its removal");

            two.call("DELETE", "/imagepic/notification/webhooks/" + id, admin, null, 200);
            upload(one, "rep-unhook", "after.png", Images.png(1_000, 8));
            remove(one, "rep-unhook", "before.png");

            assertNull(receiver.next(Duration.ofSeconds(3)), "a removed webhook still received events");
            one.call("GET", "/imagepic/notification/webhooks", admin, null, 200).path("data").forEach(
                    t -> assertTrue(!id.equals(t.path("id").asText()), "still listed on the other replica"));
        }
    }

    @Test
    void concurrentPolicyChangesOfDifferentBucketsThroughBothReplicasAreAllKept() {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(one, "rep-pol-y");
        makeBucket(one, "rep-pol-z");
        for (int round = 0; round < 50; round++) {
            String policy = round % 2 == 0 ? "public-read" : "private";
            CompletableFuture<Void> y = CompletableFuture.runAsync(() -> setPolicy(one, "rep-pol-y", policy));
            CompletableFuture<Void> z = CompletableFuture.runAsync(() -> setPolicy(two, "rep-pol-z", policy));
            CompletableFuture.allOf(y, z).join();
            for (Instance i : List.of(one, two)) {
                Set<String> listed = new HashSet<>();
                i.call("GET", "/imagepic/policy/listBucketPolicies", admin, null, 200).path("data")
                        .forEach(p -> listed.add(p.path("bucketName").asText()));
                boolean pub = policy.equals("public-read");
                assertEquals(pub, listed.contains("rep-pol-y"), "round " + round + " on " + i + ": y lost");
                assertEquals(pub, listed.contains("rep-pol-z"), "round " + round + " on " + i + ": z lost");
            }
        }
    }

    @Test
    void theLoginLockoutOfAPhoneCountsFailuresOnBothReplicas() {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        String phone = Tokens.randomPhone();
        one.call("POST", "/imagepic/auth/register", null, "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\""
                + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}", 200);
        String wrong = "{\"phone\":\"" + phone + "\",\"upwd\":\"Wrong_pass1\"}";
        for (int i = 0; i < 5; i++) { // 5 failures in all (the limit), never more than 3 on one replica
            (i % 2 == 0 ? one : two).call("POST", "/imagepic/auth/login", null, wrong, 401);
        }
        HttpResponse<String> locked = one.send("POST", "/imagepic/auth/login", null,
                "{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}");
        assertEquals(429, locked.statusCode(), locked.body());
        assertTrue(locked.headers().firstValue("Retry-After").isPresent());
    }

    /**
     * An immutable image answered from memory by one replica is evicted there the moment another replica
     * overwrites or removes it (long before the cache's max-age).
     */
    @Test
    void anImageCachedOnOneReplicaIsEvictedWhenAnotherOverwritesOrRemovesIt() {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(one, "rep-cache");
        setPolicy(one, "rep-cache", "public-read");
        String name = "0123456789abcdef0123456789abcdef.png"; // a content-addressed name: immutable, kept in memory
        String path = "/i/rep-cache/" + name;
        upload(two, "rep-cache", name, Images.png(3_000, 1));
        HttpResponse<String> first = one.send("GET", path, null, null);
        assertEquals(200, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        // The upload's change notice reaches this replica through the feed, perhaps after the first GET began: a
        // fill that raced a change is never kept, so a later GET is the one answered from memory.
        await("an answer from memory").atMost(Duration.ofSeconds(10)).until(() -> {
            assertEquals(etag, one.send("GET", path, null, null).headers().firstValue("ETag").orElseThrow());
            return cacheHits(one) >= 1;
        });

        upload(two, "rep-cache", name, Images.png(5_000, 2)); // the admin replaces its own upload
        await().atMost(WAIT).until(() -> !etag.equals(one.send("GET", path, null, null).headers().firstValue("ETag")
                .orElse(etag)));
        assertEquals("5000", one.send("GET", path, null, null).headers().firstValue("Content-Length").orElseThrow());
        remove(two, "rep-cache", name);
        await().atMost(WAIT).until(() -> one.send("GET", path, null, null).statusCode() == 404);
    }

    /** imagepic_serving_cache_requests_total{result="hit"} of a replica. */
    static double cacheHits(Instance i) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(i.managementUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("imagepic_serving_cache_requests_total\\{result=\"hit\",?} ([0-9.E]+)").matcher(metrics);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A bucket made private through one replica is refused through another within a second (no reload for an hour). */
    @Test
    void aBucketMadePrivateThroughOneIsRefusedThroughTheOtherWithinASecond() {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(one, "rep-private");
        upload(one, "rep-private", "p.png", Images.png(1_000, 11));
        setPolicy(one, "rep-private", "public-read");
        await().atMost(Duration.ofSeconds(1))
                .until(() -> two.send("GET", "/i/rep-private/p.png", null, null).statusCode() == 200);
        for (int round = 0; round < 5; round++) {
            setPolicy(one, "rep-private", "private");
            long made = System.nanoTime();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> two.send("GET", "/i/rep-private/p.png", null, null).statusCode() == 401);
            assertTrue(System.nanoTime() - made < Duration.ofSeconds(1).toNanos());
            setPolicy(two, "rep-private", "public-read");
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> one.send("GET", "/i/rep-private/p.png", null, null).statusCode() == 200);
        }
        setPolicy(one, "rep-private", "private");
    }

    /**
     * The database ends a replica's listening connection (pg_terminate_backend, as a failover would): that replica's
     * live streams get "reconnect" at once, its hot images are forgotten (a change may have been missed meanwhile),
     * and a stream opened again hears the other replicas' events.
     */
    @Test
    void aReplicaWhoseFeedConnectionIsKilledToldItsStreamsToReconnectAndHearsEventsAgain() throws Exception {
        Instance one = replicas.get(0);
        Instance two = replicas.get(1);
        makeBucket(one, "rep-feed");
        setPolicy(one, "rep-feed", "public-read");
        String hot = "/i/rep-feed/fedcba9876543210fedcba9876543210.png"; // content-addressed: kept in memory
        upload(one, "rep-feed", hot.substring(hot.lastIndexOf('/') + 1), Images.png(2_000, 20));
        String feed = feedName(two);
        try (SseClient listener = SseClient.open(two.url(), "/imagepic/notification/listen?bucket=rep-feed", admin)
                .awaitReady()) {
            upload(one, "rep-feed", "before.png", Images.png(1_000, 21));
            assertEquals("before.png", JSON.readTree(listener.nextEvent(WAIT).data()).path("key").asText());
            assertEquals(200, two.send("GET", hot, null, null).statusCode());
            double hits = cacheHits(two);
            assertEquals(200, two.send("GET", hot, null, null).statusCode());
            assertEquals(hits + 1, cacheHits(two), "answered from memory before the gap");

            PostgresServer.get().execute(replicas.database(),
                    "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '" + feed + "'");
            SseClient.Frame told = listener.nextEvent(WAIT);
            assertEquals("reconnect", told.event());
            assertTrue(listener.ended(WAIT), "the stream ends after reconnect");
        }
        await().atMost(WAIT).until(() -> two.log().contains("the change feed listens again"));
        double hits = cacheHits(two);
        assertEquals(200, two.send("GET", hot, null, null).statusCode());
        assertEquals(hits, cacheHits(two), "after the gap the image is read from S3 again, not from memory");
        try (SseClient again = SseClient.open(two.url(), "/imagepic/notification/listen?bucket=rep-feed", admin)
                .awaitReady()) {
            upload(one, "rep-feed", "after.png", Images.png(1_000, 22));
            assertEquals("after.png", JSON.readTree(again.nextEvent(WAIT).data()).path("key").asText());
        }
    }

    /** The application_name of an instance's listening connection, as its log names it. */
    static String feedName(Instance i) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("change feed listening as (imagepic-feed-[0-9a-f]+)")
                .matcher(i.log());
        assertTrue(m.find(), "the instance runs the postgres backend");
        return m.group(1);
    }

    static void makeBucket(Instance i, String bucket) {
        HttpResponse<String> r = i.send("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"" + bucket + "\"}");
        assertTrue(r.statusCode() == 200 || r.statusCode() == 409, r.body());
    }

    static void setPolicy(Instance i, String bucket, String policy) {
        i.call("POST", "/imagepic/policy/setBucketPolicy", admin,
                "{\"bucketName\":\"" + bucket + "\",\"policy\":\"" + policy + "\"}", 200);
    }

    static void upload(Instance i, String bucket, String name, byte[] png) {
        upload(i, bucket, name, png, admin);
    }

    static void upload(Instance i, String bucket, String name, byte[] png, String token) {
        HttpResponse<String> r = i.upload(token, bucket, Map.of(), new Multipart().file(name, "image/png", png));
        assertEquals(200, r.statusCode(), r.body());
    }

    static void remove(Instance i, String bucket, String key) {
        i.call("POST", "/imagepic/object/removeObject", admin,
                "{\"bucketName\":\"" + bucket + "\",\"objectName\":\"" + key + "\"}", 200);
    }
}
