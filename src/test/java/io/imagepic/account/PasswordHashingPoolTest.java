package io.imagepic.account;

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

import org.junit.jupiter.api.Test;

import io.imagepic.state.StateConfig;
import io.imagepic.support.TestConfig;
import io.imagepic.web.ApiError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * The password hashing pool itself, sized as an operator would size it small (one thread, one waiting place) with a
 * real bcrypt cost: a flood of 40 checks at once is partly refused at once, every check gets an answer, and each
 * refusal is the 503 with Retry-After that the routes send. Over HTTP, with the pool held: {@link PasswordHashingTest}.
 */
class PasswordHashingPoolTest {

    @Test
    void aRealFloodIsPartlyRefusedAndEveryRequestIsAnswered() throws Exception {
        AuthConfig config = TestConfig.mapping(AuthConfig.class, Map.of("imagepic.auth.hashing.threads", "1",
                "imagepic.auth.hashing.queue", "1", "imagepic.auth.bcrypt-cost", "10"), StateConfig.class);
        PasswordHashing hashing = new PasswordHashing(config, new SimpleMeterRegistry());
        String hash = BcryptUtil.bcryptHash("Test_pass1", 10);
        ExecutorService callers = Executors.newFixedThreadPool(40);
        try {
            // 40 checks at once, as 4 logins on each of 10 accounts would ask for them: each costs a bcrypt
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> flood = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                flood.add(callers.submit(() -> {
                    start.await();
                    try {
                        return hashing.matches("Test_pass1", hash);
                    } catch (ApiError refused) {
                        return refused;
                    }
                }));
            }
            start.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<Object> answer : flood) {
                Object a = answer.get();
                if (a instanceof ApiError refused) {
                    assertEquals(ApiError.Kind.UNAVAILABLE, refused.kind());
                    assertEquals(Duration.ofSeconds(1), refused.retryAfter());
                    busy++;
                } else {
                    assertEquals(Boolean.TRUE, a);
                    ok++;
                }
            }
            assertEquals(40, ok + busy, "only checked and refused");
            assertTrue(ok >= 1, "some were checked");
            assertTrue(busy >= 1, "one thread and one waiting place cannot take 40 checks at once: " + busy);
        } finally {
            callers.shutdownNow();
            hashing.stop();
        }
    }
}
