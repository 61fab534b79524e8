package io.imagepic.s3;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.core.Vertx;

/**
 * The service's one S3 data client (uploads and images share its pool), built from {@link StorageConfig}.
 * Building it opens no connection: the first request does.
 */
public class S3DataClients {

    @Produces
    @Singleton
    S3DataClient dataClient(Vertx vertx, S3Endpoint endpoint, StorageConfig config, S3CredentialsSource credentials) {
        return new S3DataClient(vertx, new S3DataClient.Options(endpoint.url(), config.region(), credentials::current,
                config.timeout(), config.idleTimeout(), config.maxConnections(), config.integrity()));
    }

    void close(@Disposes S3DataClient client) {
        client.close();
    }
}
