package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * bcrypt runs on a bounded pool (here one thread and one waiting place): a flood of logins and registrations is
 * refused with 503 + Retry-After instead of queueing, and requests that check a token never wait for it.
 */
@QuarkusTest
@TestProfile(PasswordHashingTest.SmallPool.class)
@WithTestResource(S3ProxyResource.class)
class PasswordHashingTest {

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagepic.auth.hashing.threads", "1", "imagepic.auth.hashing.queue", "1",
                    "imagepic.auth.bcrypt-cost", "10");
        }
    }

    @Inject
    PasswordHashing hashing;

    @Test
    void whileThePoolIsFullLoginsAre503AtOnceAndTokenCheckedReadsAreServed() throws Exception {
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            accounts.add(Tokens.randomPhone());
            Tokens.register(accounts.get(i), Tokens.PASSWORD);
        }
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService occupiers = Executors.newFixedThreadPool(2);
        try {
            // the pool's thread and its one waiting place, held until the test releases them
            // one after the other: the executor queues a task before an idle thread takes it
            CountDownLatch running = new CountDownLatch(1);
            occupiers.submit(() -> hashing.run(() -> {
                running.countDown();
                release.await();
                return null;
            }));
            assertTrue(running.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first hash runs");
            occupiers.submit(() -> hashing.run(() -> {
                release.await();
                return null;
            }));
            await("the pool is full").atMost(Duration.ofSeconds(30)).until(() -> hashing.full());

            // every login, registration and password change of a flood: refused, not queued (the pool is still held)
            List<Response> flood = parallel(20, i -> i % 3 == 0
                    ? given().contentType(ContentType.JSON).body("{\"email\":\"a@b.cn\",\"phone\":\"" + Tokens.randomPhone()
                            + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/register")
                    : login(accounts.get(i % accounts.size()), Tokens.PASSWORD)); // 2 each, under a phone's limit
            for (Response r : flood) {
                assertEquals(503, r.statusCode(), r.asString());
                assertEquals("1", r.header("Retry-After"));
                assertEquals("失败", r.path("msg"));
                assertEquals("服务繁忙,请稍后再试", r.path("data.err"));
            }
            // requests that check a token are served meanwhile
            Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200).body("data.name", equalTo(phone));
            Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);
            assertEquals(1, release.getCount(), "all of it while the pool was held");
            io.imagepic.support.Management.given().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("imagepic_password_hashing_refused_total"));
        } finally {
            release.countDown();
            occupiers.shutdown();
        }
        // refused attempts were not counted: every account logs in now
        for (String account : accounts) {
            await().atMost(Duration.ofSeconds(30)).until(() -> login(account, Tokens.PASSWORD).statusCode() == 200);
        }
    }

    @Test
    void aRealFloodIsPartlyRefusedAndEveryRequestIsAnswered() throws Exception {
        // 4 logins at once on each of 10 accounts: each costs a bcrypt, and none is past its phone's limit
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            phones.add(Tokens.randomPhone());
            Tokens.register(phones.get(i), Tokens.PASSWORD);
        }
        List<Response> flood = parallel(40, i -> login(phones.get(i % phones.size()), Tokens.PASSWORD));
        long ok = flood.stream().filter(r -> r.statusCode() == 200).count();
        long busy = flood.stream().filter(r -> r.statusCode() == 503).count();
        assertEquals(flood.size(), ok + busy, "only 200 and 503");
        assertTrue(ok >= 1, "some were checked");
        assertTrue(busy >= 1, "one thread and one waiting place cannot take 40 logins at once: " + busy);
    }

    private static Response login(String phone, String pwd) {
        return given().contentType(ContentType.JSON).body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + pwd + "\"}")
                .post("/imagepic/auth/login");
    }

    private static List<Response> parallel(int n, java.util.function.IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
