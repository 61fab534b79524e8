package io.imagepic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.access.AccessConfig;
import io.imagepic.lifecycle.ShutdownConfig;
import io.imagepic.state.StateConfig;
import io.imagepic.support.S3ProxyResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A deployment configured with last release's names still starts, and the old names take effect. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
@TestProfile(RenamedSettingsTest.OldNames.class)
class RenamedSettingsTest {

    static final String DIR = "target/renamed-settings-state";

    public static class OldNames implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagepic.auth.store-dir", DIR,
                    "imagepic.auth.anonymous-reads", "true",
                    "imagepic.cluster.shutdown.drain-delay", "20ms",
                    // removed: accepted and ignored, instead of SRCFG00050 at start
                    "imagepic.upload.allow-anonymous", "true",
                    "imagepic.cluster.peers", "http://10.0.0.5:8080,http://10.0.0.6:8080",
                    "imagepic.policy.file", "target/renamed-settings-state/bucket-policies.json",
                    "imagepic.notification.dir", "target/renamed-settings-state/notifications",
                    // the test profile sets the new names for every test; this one must use the old names alone
                    "imagepic.state.dir", "",
                    "imagepic.shutdown.drain-delay", "");
        }
    }

    @Inject
    StateConfig state;

    @Inject
    AccessConfig access;

    @Inject
    ShutdownConfig shutdown;

    @Test
    void oldNamesStillWork() {
        assertEquals(Path.of(DIR), state.dir());
        assertTrue(access.anonymousReads());
        assertEquals(Duration.ofMillis(20), shutdown.drainDelay());
    }
}
