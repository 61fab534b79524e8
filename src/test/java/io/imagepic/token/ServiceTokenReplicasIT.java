package io.imagepic.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
 * Runs after {@code mvn package} (failsafe): two of the packaged replicas on one database
 * ({@link SharedReplicas#THREE_ON_POSTGRES}, each with its own state directory) and one S3 server. A token made
 * through one works on both, also once verified and remembered; a token revoked through one is refused by it at the
 * next request, and by the other as soon as that one hears of the revocation (its change notice: milliseconds, but a
 * busy machine may take longer), with no restart.
 */
class ServiceTokenReplicasIT {

    @RegisterExtension
    static final PackagedInstances replicas = SharedReplicas.THREE_ON_POSTGRES;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aRevocationThroughOneReplicaIsHonouredByBoth() {
        Instance a = replicas.get(0);
        Instance b = replicas.get(1);
        String admin = a.login(Tokens.ADMIN_PHONE, Tokens.PASSWORD);
        JsonNode created = b.call("POST", "/imagepic/auth/tokens", admin, "{\"name\":\"replica-bff\",\"scopes\":[\"read\"]}",
                200).path("data");
        String token = created.path("token").asText();
        String id = created.path("id").asText();

        // made through b, known to both (and remembered as verified by both)
        for (int i = 0; i < 3; i++) {
            a.call("GET", "/imagepic/auth/me", token, null, 200);
            b.call("GET", "/imagepic/auth/me", token, null, 200);
        }
        a.call("GET", "/imagepic/bucket/listBuckets", token, null, 200);

        // revoked through a: a refuses the very next request; b as soon as its notice arrives (docs/api.md)
        a.call("DELETE", "/imagepic/auth/tokens/" + id, admin, null, 200);
        a.call("GET", "/imagepic/bucket/listBuckets", token, null, 401);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> b.send("GET", "/imagepic/bucket/listBuckets", token, null).statusCode() == 401);
        assertEquals("未满足权限", b.call("GET", "/imagepic/bucket/listBuckets", token, null, 401).path("msg").asText());
        b.call("GET", "/imagepic/auth/me", token, null, 401);
        assertTrue(b.call("GET", "/imagepic/auth/tokens", admin, null, 200).path("data").findValuesAsText("id").stream()
                .noneMatch(id::equals));
    }
}
