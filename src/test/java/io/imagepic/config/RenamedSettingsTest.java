package io.imagepic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.access.AccessConfig;
import io.imagepic.account.AuthConfig;
import io.imagepic.lifecycle.ShutdownConfig;
import io.imagepic.notification.NotificationConfig;
import io.imagepic.policy.PolicyConfig;
import io.imagepic.state.StateConfig;
import io.imagepic.support.TestConfig;
import io.imagepic.upload.UploadConfig;
import io.smallrye.config.SmallRyeConfig;

/**
 * A deployment configured with last release's names still starts, and the old names take effect: the service's
 * mappings of the prefixes involved, read through {@link RenamedSettings} as the application reads them, with an
 * unknown key under a prefix still fatal (SRCFG00050), so a removed name the service did not accept would fail here.
 */
class RenamedSettingsTest {

    static final String DIR = "target/renamed-settings-state";

    @Test
    void oldNamesStillWork() {
        SmallRyeConfig config = TestConfig.builder(Map.of("imagepic.auth.store-dir", DIR,
                "imagepic.auth.anonymous-reads", "true",
                "imagepic.cluster.shutdown.drain-delay", "20ms",
                // removed: accepted and ignored, instead of SRCFG00050 at start
                "imagepic.upload.allow-anonymous", "true",
                "imagepic.cluster.peers", "http://10.0.0.5:8080,http://10.0.0.6:8080",
                "imagepic.policy.file", "target/renamed-settings-state/bucket-policies.json",
                "imagepic.notification.dir", "target/renamed-settings-state/notifications"))
                .withInterceptors(new RenamedSettings())
                .withMapping(StateConfig.class)
                .withMapping(AccessConfig.class)
                .withMapping(AuthConfig.class)
                .withMapping(UploadConfig.class)
                .withMapping(ShutdownConfig.class)
                .withMapping(PolicyConfig.class)
                .withMapping(NotificationConfig.class)
                .build();
        assertEquals(Path.of(DIR), config.getConfigMapping(StateConfig.class).dir());
        assertTrue(config.getConfigMapping(AccessConfig.class).anonymousReads());
        assertEquals(Duration.ofMillis(20), config.getConfigMapping(ShutdownConfig.class).drainDelay());
    }
}
