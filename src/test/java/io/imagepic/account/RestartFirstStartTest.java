package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Registers and logs in; {@link RestartSecondStartTest} then restarts the service on the same directory. */
@QuarkusTest
@TestProfile(RestartProfiles.FirstStart.class)
@WithTestResource(S3ProxyResource.class)
class RestartFirstStartTest {

    @Test
    void registerBeforeTheRestart() throws Exception {
        String phone = Tokens.randomPhone();
        String token = Tokens.member(phone);
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(200);
        assertTrue(Files.exists(RestartProfiles.DIR.resolve("jwt").resolve(JwtKeys.PRIVATE_KEY_FILE)),
                "key pair generated into the store");
        assertTrue(Files.isDirectory(RestartProfiles.DIR.resolve("users").resolve(phone)), "the account is in the store");

        Properties handoff = new Properties();
        handoff.setProperty("phone", phone);
        handoff.setProperty("token", token);
        try (Writer w = Files.newBufferedWriter(RestartProfiles.HANDOFF)) {
            handoff.store(w, "written by RestartFirstStartTest");
        }
    }
}
