package io.imagepic.bucket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.SharedReplicas;
import io.imagepic.support.Tokens;

/**
 * Two of the packaged replicas on one database ({@link SharedReplicas#THREE_ON_POSTGRES}, each with its own state
 * directory, access {@code granted} as in production): grants made at the same time through both are all kept, and
 * every grant and revocation holds on the other replica at its next request.
 */
class BucketMembersReplicasIT {

    private static final String ADMIN_PHONE = Tokens.ADMIN_PHONE;
    private static final int MEMBERS = 8;

    @RegisterExtension
    static final PackagedInstances replicas = SharedReplicas.THREE_ON_POSTGRES;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void concurrentGrantsThroughTwoReplicasAreAllKeptAndSeenAtOnce() throws Exception {
        Instance a = replicas.get(0);
        Instance b = replicas.get(1);
        String admin = account(a, ADMIN_PHONE);
        String bucket = "replicated-members";
        a.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"" + bucket + "\"}", 200);

        List<String> phones = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String phone = Tokens.randomPhone();
            phones.add(phone);
            tokens.add(account(replicas.get(i % 2), phone));
            b.call("POST", "/imagepic/object/listObjects", tokens.get(i), "{\"bucketName\":\"" + bucket + "\"}", 404);
        }

        // every grant at once, half through each replica
        ExecutorService pool = Executors.newFixedThreadPool(MEMBERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> granted = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                Instance via = replicas.get(i % 2);
                String body = "{\"bucketName\":\"" + bucket + "\",\"member\":\"" + phones.get(i) + "\",\"role\":\"read\"}";
                granted.add(pool.submit(() -> {
                    go.await();
                    return via.call("POST", "/imagepic/bucket/members", admin, body, 200);
                }));
            }
            go.countDown();
            for (Future<JsonNode> f : granted) {
                assertEquals("read", f.get(60, TimeUnit.SECONDS).path("data").path("role").asText());
            }
        } finally {
            pool.shutdownNow();
        }

        // all kept, seen by both at once; each member reads through the replica that did not grant it
        Set<String> expected = new TreeSet<>(phones);
        assertEquals(expected, members(a, admin, bucket));
        assertEquals(expected, members(b, admin, bucket));
        for (int i = 0; i < MEMBERS; i++) {
            replicas.get((i + 1) % 2).call("POST", "/imagepic/object/listObjects", tokens.get(i),
                    "{\"bucketName\":\"" + bucket + "\"}", 200);
        }

        // a revocation through one replica holds on the other as soon as its change notice arrives (the other
        // replica's member cache is dropped by the feed; on a busy machine the next request can come first)
        a.call("DELETE", "/imagepic/bucket/members?bucketName=" + bucket + "&member=" + phones.get(0), admin, null, 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.send("POST", "/imagepic/object/listObjects", tokens.get(0),
                "{\"bucketName\":\"" + bucket + "\"}").statusCode() == 404);
        b.call("GET", "/i/" + bucket + "/anything.png", tokens.get(0), null, 404);
        expected.remove(phones.get(0));
        assertEquals(expected, members(b, admin, bucket));

        // a manage grant through b lets the member change the bucket's policy through a, once a has the notice
        b.call("POST", "/imagepic/bucket/members", admin,
                "{\"bucketName\":\"" + bucket + "\",\"member\":\"" + phones.get(1) + "\",\"role\":\"manage\"}", 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.send("POST", "/imagepic/policy/setBucketPolicy", tokens.get(1),
                "{\"bucketName\":\"" + bucket + "\",\"policy\":\"private\"}").statusCode() == 200);
    }

    private static Set<String> members(Instance via, String admin, String bucket) {
        Set<String> phones = new TreeSet<>();
        via.call("GET", "/imagepic/bucket/members?bucketName=" + bucket, admin, null, 200).path("data")
                .forEach(m -> phones.add(m.path("member").asText()));
        return phones;
    }

    private static String account(Instance via, String phone) {
        if (!phone.equals(ADMIN_PHONE)) { // the first admin is created at start (imagepic.admin.*)
            via.call("POST", "/imagepic/auth/register", null,
                    "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone
                            + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}",
                    200);
        }
        return via.login(phone, Tokens.PASSWORD);
    }
}
