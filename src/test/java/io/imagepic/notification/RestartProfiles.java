package io.imagepic.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two application starts on one notification directory. Quarkus runs test classes grouped by profile
 * name, so {@link FirstStart} runs before {@link SecondStart}.
 */
public final class RestartProfiles {

    static final Path DIR = Path.of("target/notify-restart-test");
    static final Path HANDOFF = Path.of("target/notify-restart-handoff.properties");

    private RestartProfiles() {
    }

    static Map<String, String> config() {
        // many attempts, so the delivery is still pending when the service comes back
        return Map.of("imagepic.notification.dir", DIR.toString(),
                "imagepic.notification.webhook.max-attempts", "100",
                "imagepic.notification.webhook.max-backoff", "500ms");
    }

    public static class FirstStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (Stream<Path> files = Files.exists(DIR) ? Files.walk(DIR) : Stream.empty()) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                Files.deleteIfExists(HANDOFF);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
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
