package io.imagepic.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: two packaged instances share the store, know each other, stop and restart on demand. */
class HarnessReplicasIT {

    @RegisterExtension
    final PackagedInstances replicas = PackagedInstances.of(2).property("imagepic.auth.bcrypt-cost", "4");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoInstancesShareOneStoreAndSurviveSignals() {
        PackagedInstances.Instance a = replicas.get(0);
        PackagedInstances.Instance b = replicas.get(1);
        String peers = a.url() + "," + b.url();
        assertEquals(peers, a.settings().get(PackagedInstances.PEERS_SETTING));
        assertEquals(peers, b.settings().get(PackagedInstances.PEERS_SETTING));

        String phone = Tokens.randomPhone();
        a.call("POST", "/imagepic/auth/register", null,
                "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"Test_pass1\"}", 200);
        String token = b.login(phone, Tokens.PASSWORD);
        a.call("GET", "/imagepic/auth/me", token, null, 200); // b's token (shared keys) works on a

        b.sigterm();
        int exit = b.awaitExit(Duration.ofSeconds(60));
        assertTrue(List.of(0, 143).contains(exit), "SIGTERM ends the JVM normally, got " + exit);
        b.restart();
        b.call("GET", "/imagepic/auth/me", token, null, 200);

        a.kill9();
        assertFalse(a.alive());
        assertEquals(137, a.awaitExit(Duration.ofSeconds(5)));
        b.login(phone, Tokens.PASSWORD);
    }
}
