package io.imagepic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imagepic.access.AccessConfig;
import io.imagepic.account.AuthConfig;
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
                // removed: accepted and ignored, instead of SRCFG00050 at start
                "imagepic.upload.allow-anonymous", "true"))
                .withInterceptors(new RenamedSettings())
                .withMapping(StateConfig.class)
                .withMapping(AccessConfig.class)
                .withMapping(AuthConfig.class)
                .withMapping(UploadConfig.class)
                .build();
        assertEquals(Path.of(DIR), config.getConfigMapping(StateConfig.class).dir());
        assertTrue(config.getConfigMapping(AccessConfig.class).anonymousReads());
    }
}
