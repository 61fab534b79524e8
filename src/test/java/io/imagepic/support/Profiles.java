package io.imagepic.support;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Every test profile of the suite, and the settings the packaged service is tested with besides its defaults.
 *
 * <p>
 * A {@code @TestProfile} is a build of the application of its own inside the test JVM (20 to 40 CPU-seconds), so
 * there are two besides the default ({@code %test} in application.properties, production's access default
 * {@code granted}): {@link Invite} and {@link LoginLimits}, which need the movable {@link TestClock} that only a
 * {@code @QuarkusTest} can swap in. {@code ArchitectureTest} fails on a {@link QuarkusTestProfile} anywhere else.
 * Quarkus runs the classes of one profile together (its profile-aware class orderer).
 *
 * <p>
 * The other configurations ({@link Seed}, {@link Site}, {@link Closed}) are settings of the packaged service
 * ({@link PackagedService}: one {@code java -jar} of the build's package, a few CPU-seconds), tested over HTTP by
 * {@code *PackagedIT} classes.
 *
 * <p>
 * A test that needs other settings: a unit test ({@code SmallRyeConfigBuilder} with the mapping), a
 * {@code @QuarkusComponentTest} ({@code @TestConfigProperty}), a packaged instance ({@link PackagedService},
 * {@link PackagedInstances}), or a setting added to the configuration it fits when it changes nothing the other
 * tests of that configuration assert.
 */
public final class Profiles {

    private Profiles() {
    }

    /**
     * The seed's open model ({@code imagepic.access.default=all}: every signed-in person reads and writes every
     * bucket), the compatibility setting an operator chooses for an existing frontend: the seed contract suites.
     */
    public static final class Seed {
        public static final Map<String, String> SETTINGS = Map.of("imagepic.access.default", "all");

        private Seed() {
        }
    }

    /** Registration by invite only; the service's time moves with {@link TestClock}. */
    public static class Invite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagepic.auth.registration", "invite");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    /** Registration closed (admins create accounts), and the seed's anonymous reads. */
    public static final class Closed {
        public static final Map<String, String> SETTINGS = Map.of("imagepic.auth.registration", "closed",
                "imagepic.access.anonymous-reads", "true");

        private Closed() {
        }
    }

    /**
     * Login and registration limits small enough to reach, from one address that no proxy speaks for (the
     * {@code X-Forwarded-For} header is not the client's address); the service's time stands still until a test moves
     * it ({@link TestClock}, frozen: a lockout's seconds are asserted exactly).
     */
    public static class LoginLimits implements QuarkusTestProfile {

        /** A phone named by the removed setting {@code imagepic.auth.admin-phones}: it must not make an admin. */
        public static final String OLD_STYLE_ADMIN = "13911112222";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    // last release's way to name admins: accepted, ignored, warned about
                    Map.entry("imagepic.auth.admin-phones", OLD_STYLE_ADMIN),
                    Map.entry("imagepic.auth.login.max-failures", "3"),
                    Map.entry("imagepic.auth.login.delay", "10s"),
                    Map.entry("imagepic.auth.login.max-delay", "40s"),
                    Map.entry("imagepic.auth.login.address.max-failures", "10"),
                    Map.entry("imagepic.auth.login.address.delay", "30s"),
                    Map.entry("imagepic.auth.registrations.max", "5"),
                    Map.entry("imagepic.auth.registrations.delay", "1m"),
                    Map.entry("imagepic.test.clock", "frozen"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    /**
     * A site as operators run one: behind a trusted proxy (the test client; clients counted by their forwarded
     * address, three failed logins per address), links on a configured public base URL whatever the request says,
     * one allowed CORS origin, public-read mirrored to S3, and upload limits small enough to reach in seconds.
     */
    public static final class Site {

        public static final String PUBLIC_BASE_URL = "https://img.example.test/pics";
        public static final String CORS_ORIGIN = "https://admin.example.com";

        public static final Map<String, String> SETTINGS = Map.ofEntries(
                // the proxy, declared as the prod manifests do (imagepic.http.*): the test client (or a
                // FakeIngress) is it, and it says who the client is and which host was asked
                Map.entry("imagepic.http.behind-proxy", "true"),
                Map.entry("imagepic.http.trusted-proxies", "127.0.0.1/32,::1/128"),
                Map.entry("quarkus.http.proxy.allow-forwarded", "true"),
                Map.entry("quarkus.http.proxy.enable-forwarded-host", "true"),
                Map.entry("imagepic.auth.login.address.max-failures", "3"),
                Map.entry("imagepic.auth.login.address.delay", "30s"),
                // links
                Map.entry("imagepic.serving.public-base-url", PUBLIC_BASE_URL + "/"),
                Map.entry("imagepic.serving.require-public-base-url", "true"),
                // an upload widget on another origin
                Map.entry("quarkus.http.cors.origins", CORS_ORIGIN),
                // a CDN in front of S3 would read the mirrored policy
                Map.entry("imagepic.policy.mirror-to-s3", "true"),
                // upload limits: one part of 5 MiB and a bit; two uploads per caller; 64 KiB/s over 2 s; 6 s a file
                Map.entry("imagepic.upload.memory", "6M"),
                Map.entry("imagepic.upload.max-per-caller", "2"),
                Map.entry("imagepic.upload.min-rate", "64K"),
                Map.entry("imagepic.upload.min-rate-window", "2s"),
                Map.entry("imagepic.upload.file-deadline", "6s"));

        private Site() {
        }
    }
}
