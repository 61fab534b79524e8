package io.imagepic.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness itself: two packaged instances on one database, each with its own state directory, stop and restart
 * on demand and keep serving as one.
 */
class HarnessReplicasIT {

    @RegisterExtension
    final PackagedInstances replicas = PackagedInstances.of(2).postgres().property("imagepic.auth.bcrypt-cost", "4");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoInstancesShareOneDatabaseAndSurviveSignals() {
        PackagedInstances.Instance a = replicas.get(0);
        PackagedInstances.Instance b = replicas.get(1);
        assertNotEquals(a.state(), b.state(), "each instance has its own state directory");
        assertEquals("postgres", a.settings().get("imagepic.state.backend"));

        String phone = Tokens.randomPhone();
        a.call("POST", "/imagepic/auth/register", null,
                "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"Test_pass1\"}", 200);
        String token = b.login(phone, Tokens.PASSWORD);
        a.call("GET", "/imagepic/auth/me", token, null, 200); // b's token (the JWT key is the database's) works on a

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
