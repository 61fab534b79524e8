package io.imagepic.s3;

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
            this.embedded = new EmbeddedS3Server(e.jar(), e.dataDir(), config.accessKey(), config.secretKey(), e.port())
                    .start();
            this.url = embedded.endpoint();
        }
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
