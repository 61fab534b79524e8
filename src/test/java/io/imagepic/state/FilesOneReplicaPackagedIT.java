package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.imagepic.support.PackagedInstances;
import io.imagepic.support.Tokens;

/**
 * The file store serves one replica: a second instance started on the same state directory refuses to start, says
 * why and names the backend for several replicas, while the first keeps serving.
 */
class FilesOneReplicaPackagedIT {

    @RegisterExtension
    final PackagedInstances service = PackagedInstances.of(1).property("imagepic.auth.bcrypt-cost", "4");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSecondInstanceOnTheSameDirectoryRefusesToStart() {
        PackagedInstances.Instance first = service.get(0);
        PackagedInstances.Instance second = service.extraOnTheSameState();
        assertNotEquals(0, second.awaitExit(Duration.ofSeconds(120)), "the second instance must not run");
        assertTrue(second.log().contains("imagepic.state.backend=postgres"), second.log());
        assertTrue(second.log().contains("is in use by another instance"), second.log());

        String phone = Tokens.randomPhone();
        first.call("POST", "/imagepic/auth/register", null,
                "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\"" + phone + "\",\"upwd\":\"Test_pass1\"}", 200);
    }
}
