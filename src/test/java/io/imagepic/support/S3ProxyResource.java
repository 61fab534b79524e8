package io.imagepic.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.imagepic.s3.EmbeddedS3Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real S3 server (S3Proxy, filesystem backend) as its own process for the tests and points
 * the service at it. Tests that need to stop and restart it get it through {@link InjectS3Proxy}.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private EmbeddedS3Server server;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("imagepic-s3");
            Path jar = Path.of(System.getProperty("imagepic.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
            server = new EmbeddedS3Server(jar, dir.resolve("objects"), ACCESS_KEY, SECRET_KEY, 0).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "imagepic.storage.endpoint", server.endpoint(),
                "imagepic.storage.access-key", ACCESS_KEY,
                "imagepic.storage.secret-key", SECRET_KEY,
                "imagepic.storage.timeout", "3s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectS3Proxy.class, EmbeddedS3Server.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: a leftover temp dir does not fail the tests
            }
        }
    }
}
