package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.Tokens;

/**
 * Runs after {@code mvn package} (failsafe): the packaged service restarted on its state directory keeps its
 * accounts and its generated JWT key pair, so a token issued before the restart still verifies after it.
 */
class AccountRestartPackagedIT {

    @RegisterExtension
    final PackagedInstances service = PackagedInstances.of(1).property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.shutdown.drain-delay", "10ms");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void accountsAndKeysSurviveARestart() throws Exception {
        PackagedInstances.Instance instance = service.get(0);
        String phone = Tokens.randomPhone();
        instance.call("POST", "/imagepic/auth/register", null, "{\"name\":\"t\",\"email\":\"t@example.com\",\"phone\":\""
                + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}", 200);
        String before = instance.login(phone, Tokens.PASSWORD);
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", before, null, 200).path("data").path("name").asText());

        Path privateKey = service.store().resolve("jwt").resolve(JwtKeys.PRIVATE_KEY_FILE);
        assertTrue(Files.exists(privateKey), "key pair generated into the state directory");
        assertTrue(Files.isDirectory(service.store().resolve("users").resolve(phone)), "the account is in the store");
        byte[] keyBefore = Files.readAllBytes(privateKey);

        instance.sigterm();
        assertTrue(List.of(0, 143).contains(instance.awaitExit(Duration.ofSeconds(90))), "a clean stop");
        instance.restart();

        String fresh = instance.login(phone, Tokens.PASSWORD);
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", fresh, null, 200).path("data").path("name").asText());
        // the key pair was reused, not regenerated: a token from before the restart still verifies
        assertEquals(phone, instance.call("GET", "/imagepic/auth/me", before, null, 200).path("data").path("name").asText());
        assertArrayEquals(keyBefore, Files.readAllBytes(privateKey));
    }
}
