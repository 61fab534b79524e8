package io.imagepic.account;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two application starts on one store directory (the keys generated inside it). Quarkus runs test
 * classes grouped by profile name, so {@link FirstStart} runs before {@link SecondStart}.
 */
public final class RestartProfiles {

    static final Path DIR = Path.of("target/restart-test/users");
    static final Path HANDOFF = Path.of("target/restart-test/handoff.properties");

    private RestartProfiles() {
    }

    static Map<String, String> config() {
        return Map.of("imagepic.state.dir", DIR.toString(),
                "imagepic.auth.jwt.generated-key-dir", DIR.resolve("jwt").toString());
    }

    public static class FirstStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return config();
        }
    }

    public static class SecondStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return config();
        }
    }
}
