package io.imagepic.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Private by default: with nothing configured, a person reaches only the buckets granted to it, and nothing is
 * read without a token. The seed's open model is a setting an operator chooses.
 */
class AccessDefaultsTest {

    private static AccessConfig access(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AccessConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 100))
                .build();
        return config.getConfigMapping(AccessConfig.class);
    }

    @Test
    void nothingConfiguredMeansGrantedBucketsOnlyAndNoAnonymousReads() {
        AccessConfig defaults = access(Map.of());
        assertEquals(AccessConfig.Mode.GRANTED, defaults.mode());
        assertFalse(defaults.anonymousReads());
    }

    @Test
    void theSeedsOpenModelIsAChoice() {
        assertEquals(AccessConfig.Mode.ALL, access(Map.of("imagepic.access.default", "all")).mode());
    }
}
