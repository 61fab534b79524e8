package io.imagepic.support;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's {@code @ConfigMapping}s read from a few settings, without an application: how a test checks a
 * setting's effect on a bean it builds itself (a unit test instead of a test profile, which costs an application
 * start). Quarkus's converters are there ({@code 10s}, {@code 5M}), the mappings' defaults apply, and an unknown key
 * under a mapping's prefix fails as it does at start (SRCFG00050).
 */
public final class TestConfig {

    private TestConfig() {
    }

    /** A builder with the settings and Quarkus's converters; add mappings (and interceptors) to it. */
    public static SmallRyeConfigBuilder builder(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500));
    }

    /** The mapping {@code type} read from the settings (with {@code others}, for defaults that refer to them). */
    public static <T> T mapping(Class<T> type, Map<String, String> settings, Class<?>... others) {
        SmallRyeConfigBuilder builder = builder(settings).withMapping(type);
        for (Class<?> other : others) {
            builder.withMapping(other);
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(type);
    }
}
