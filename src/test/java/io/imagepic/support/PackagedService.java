package io.imagepic.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import io.restassured.RestAssured;

/**
 * The packaged service with the test profile's settings and a few of a test class's own: what a
 * {@code @QuarkusTest} with a {@code @TestProfile} tests, for a fraction of the cost. A profile of its own is a
 * second build of the application inside the test JVM (tens of CPU-seconds); this is one {@code java -jar} of the
 * build's package (a few). As with a profile, the classes that ask for the same settings share one instance (it
 * stops when the test run ends). RestAssured points at the instance for the class's tests, so {@link Tokens} and
 * {@code given()} work unchanged.
 *
 * <p>
 * Register it on a static field of a failsafe class ({@code *PackagedIT}) that holds the lock {@link #REST_ASSURED}
 * ({@code @ResourceLock}): RestAssured's base URI is one per JVM, and failsafe runs two classes at a time.
 *
 * <pre>
 * &#64;ResourceLock(PackagedService.REST_ASSURED)
 * class SomePackagedIT {
 *     &#64;RegisterExtension
 *     static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);
 * </pre>
 */
public final class PackagedService implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    /** The lock of the JVM's RestAssured defaults. */
    public static final String REST_ASSURED = "io.restassured.RestAssured";

    /** The test profile's settings a packaged instance gets its own of (directories, the log file). */
    private static final Set<String> OWN_TO_EACH_INSTANCE = Set.of("imagepic.state.dir",
            "imagepic.auth.jwt.generated-key-dir", "imagepic.upload.spool-dir");

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(PackagedService.class);

    private final Map<String, String> settings;
    private boolean pointsRestAssured = true;
    private PackagedInstances instances;
    private String baseUri;
    private int port;

    private PackagedService(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** The packaged service with the test profile's settings and these. */
    public static PackagedService with(Map<String, String> settings) {
        return new PackagedService(settings);
    }

    /**
     * Leaves RestAssured's defaults as they are, for a class that calls the instance itself
     * ({@link PackagedInstances.Instance#call}) and so needs no lock.
     */
    public PackagedService withoutRestAssured() {
        this.pointsRestAssured = false;
        return this;
    }

    /** The running instance. */
    public PackagedInstances.Instance instance() {
        if (instances == null) {
            throw new IllegalStateException("not started: register the extension on a static field");
        }
        return instances.get(0);
    }

    /** Its base URL, e.g. http://127.0.0.1:41234 */
    public String url() {
        return instance().url();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        instances = context.getRoot().getStore(SHARED)
                .getOrComputeIfAbsent(settings, s -> new Shared(s), Shared.class).instances;
        if (!pointsRestAssured) {
            return;
        }
        baseUri = RestAssured.baseURI;
        port = RestAssured.port;
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = URI.create(url()).getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!pointsRestAssured) {
            return;
        }
        RestAssured.baseURI = baseUri;
        RestAssured.port = port;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        instances.printLogs();
    }

    /** One instance for the classes that ask for the same settings; closed when the run's root context closes. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {

        final PackagedInstances instances = PackagedInstances.of(1);

        Shared(Map<String, String> settings) {
            Map<String, String> all = new LinkedHashMap<>(testProfileSettings());
            all.putAll(settings);
            all.forEach(instances::property);
            instances.start();
        }

        @Override
        public void close() {
            instances.close();
        }
    }

    /**
     * Every {@code %test.} setting of application.properties, as the test profile applies them, but those that
     * name an instance's own directories or the log file: the harness gives each instance its own.
     */
    static Map<String, String> testProfileSettings() {
        Properties properties = new Properties();
        try (InputStream in = PackagedService.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%test.")) {
                String name = key.substring("%test.".length());
                if (!OWN_TO_EACH_INSTANCE.contains(name) && !name.startsWith("quarkus.log.")) {
                    settings.put(name, properties.getProperty(key));
                }
            }
        }
        return settings;
    }
}
