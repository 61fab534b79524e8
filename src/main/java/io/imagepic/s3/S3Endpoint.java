package io.imagepic.s3;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * The S3 endpoint in use: the configured one, or an embedded S3Proxy started on demand when none is
 * configured (local runs with no MinIO install).
 */
@Startup
@Singleton
public class S3Endpoint {

    private final String url;
    private final EmbeddedS3Server embedded;

    S3Endpoint(StorageConfig config) {
        if (config.endpoint().isPresent()) {
            this.url = config.endpoint().get();
            this.embedded = null;
        } else {
            StorageConfig.Embedded e = config.embedded();
            Path jar = embeddedJar(e.jar(), System.getProperty("java.class.path", ""));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(missingJar(jar, e.jar().isPresent()));
            }
            this.embedded = new EmbeddedS3Server(jar, e.dataDir(), config.accessKey(), config.secretKey(), e.port())
                    .start();
            this.url = embedded.endpoint();
        }
    }

    /** The setting that names the S3Proxy jar. */
    static final String JAR_SETTING = "imagepic.storage.embedded.jar";
    /** The runner of a packaged service (Quarkus's fast-jar layout); the S3Proxy jar travels beside it. */
    static final String RUNNER = "quarkus-run.jar";

    /**
     * The S3Proxy jar: the setting; else beside the application's {@value #RUNNER} when the JVM runs it (its class
     * path is that one jar, given relative to the working directory or not), found from wherever it is started;
     * else the Maven build's copy in the project (dev mode).
     */
    static Path embeddedJar(Optional<Path> configured, String classPath) {
        if (configured.isPresent()) {
            return configured.get().toAbsolutePath();
        }
        if (!classPath.isEmpty() && !classPath.contains(File.pathSeparator)) {
            Path runner = Path.of(classPath).toAbsolutePath();
            if (runner.getFileName().toString().equals(RUNNER)) {
                return runner.getParent().resolve("embedded").resolve("s3proxy.jar");
            }
        }
        return Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    }

    static String missingJar(Path tried, boolean configured) {
        return "S3Proxy jar not found at " + tried + " (" + JAR_SETTING
                + (configured ? ")" : " is not set: looked beside " + RUNNER + ", where the build puts it)")
                + ": set " + JAR_SETTING + " to an S3Proxy jar, or imagepic.storage.endpoint to an S3 server";
    }

    public String url() {
        return url;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @PreDestroy
    void stopEmbedded() {
        if (embedded != null) {
            embedded.stop();
        }
    }
}
