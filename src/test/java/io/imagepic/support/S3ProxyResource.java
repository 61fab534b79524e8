package io.imagepic.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service under test at the JVM's one S3 server ({@link TestServers#s3()}: S3Proxy, filesystem backend,
 * its own process, shared by every application the run starts). Tests that stop and restart it get it through
 * {@link InjectS3Proxy}. An application start also restarts it if an earlier test left it stopped.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = TestServers.S3.ACCESS_KEY;
    public static final String SECRET_KEY = TestServers.S3.SECRET_KEY;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "imagepic.storage.endpoint", TestServers.s3().endpoint(),
                "imagepic.storage.access-key", ACCESS_KEY,
                "imagepic.storage.secret-key", SECRET_KEY,
                // production's bound is 5 s: tests allow more, so a very busy machine's slow calls do not become 503s
                "imagepic.storage.timeout", "10s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(TestServers.s3(),
                new TestInjector.AnnotatedAndMatchesType(InjectS3Proxy.class, TestServers.S3.class));
    }

    @Override
    public void stop() {
        // the server outlives the application: the next one (another profile) uses it too; it stops with the JVM
    }
}
