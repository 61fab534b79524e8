package io.imagepic.s3;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.minio.MinioClient;
import io.quarkus.runtime.Startup;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds the MinIO clients from {@link StorageConfig}. quarkus-minio runs in "native support only" mode
 * (quarkus.minio.enabled=false): it still registers the SDK for native image, but we need two clients
 * (one for the S3 server, one signing URLs for the public endpoint) and bounded timeouts.
 */
public class MinioClients {

    public static final String PRESIGNER = "presigner";

    // Built at start (@Startup): building a client loads the JDK's CA certificates, seconds on a busy machine, and
    // the first request to need one (e.g. signedUrl's stat) would otherwise do it on an event loop.
    @Produces
    @Singleton
    @Startup
    MinioClient storageClient(StorageConfig config, S3Endpoint endpoint, S3CredentialsSource credentials) {
        long timeoutMs = config.timeout().toMillis();
        // MinioClient runs on MinioAsyncClient, i.e. okhttp's dispatcher, whose default of 5 requests
        // per host would queue concurrent requests behind each other.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        OkHttpClient http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                // Per read/write of a socket, not per request: a stalled server fails fast,
                // a large upload that keeps moving does not.
                .readTimeout(Math.max(timeoutMs, 30_000), TimeUnit.MILLISECONDS)
                .writeTimeout(Math.max(timeoutMs, 30_000), TimeUnit.MILLISECONDS)
                // SDK request bodies are byte arrays: a request that met a pooled connection the server
                // closed (e.g. after an S3 restart) is safely sent again on a fresh one
                .retryOnConnectionFailure(true)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .build();
        return MinioClient.builder()
                .endpoint(endpoint.url())
                .region(config.region())
                .credentialsProvider(credentials.provider())
                .httpClient(http)
                .build();
    }

    /** Signs URLs for the endpoint browsers reach. Signing is offline: the region is given, so no call is made. */
    @Produces
    @Singleton
    @Startup
    @Presigner
    MinioClient presigner(StorageConfig config, S3Endpoint endpoint, S3CredentialsSource credentials) {
        return MinioClient.builder()
                .endpoint(config.publicEndpoint().orElse(endpoint.url()))
                .region(config.region())
                .credentialsProvider(credentials.provider())
                .build();
    }
}
