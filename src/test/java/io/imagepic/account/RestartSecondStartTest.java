package io.imagepic.account;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The service restarted on the directory {@link RestartFirstStartTest} used: accounts and keys survive. */
@QuarkusTest
@TestProfile(RestartProfiles.SecondStart.class)
@WithTestResource(S3ProxyResource.class)
class RestartSecondStartTest {

    @Test
    void logInAfterTheRestart() throws Exception {
        assertTrue(Files.exists(RestartProfiles.HANDOFF), "run together with RestartFirstStartTest (it runs first)");
        Properties handoff = new Properties();
        try (Reader r = Files.newBufferedReader(RestartProfiles.HANDOFF)) {
            handoff.load(r);
        }
        String phone = handoff.getProperty("phone");
        String fresh = Tokens.login(phone, Tokens.PASSWORD);
        Tokens.as(fresh).get("/imagepic/auth/me").then().statusCode(200).body("data.name", equalTo(phone));
        // the key pair was reused, not regenerated: a token from before the restart still verifies
        Tokens.as(handoff.getProperty("token")).get("/imagepic/auth/me").then().statusCode(200).body("data.name",
                equalTo(phone));
    }
}
