package io.imagepic.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * bcrypt runs on a bounded pool: while its threads and waiting places are all taken, a flood of logins and
 * registrations is refused with 503 + Retry-After instead of queueing, and requests that check a token never wait
 * for it. (A real flood on a pool of one thread and one place: {@link PasswordHashingPoolTest}.)
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PasswordHashingTest {

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
        ExecutorService occupiers = Executors.newCachedThreadPool();
        try {
            // every thread of the pool and every waiting place, held until the test releases them; one after the
            // other, each counted in before the next: the executor queues a task before an idle thread takes it
            for (int taken = 1; !hashing.full(); taken++) {
                occupiers.submit(() -> hashing.run(() -> {
                    release.await();
                    return null;
                }));
                int expected = taken;
                await("hash " + taken + " taken").atMost(Duration.ofSeconds(30)).until(() -> hashing.load() >= expected);
            }

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
