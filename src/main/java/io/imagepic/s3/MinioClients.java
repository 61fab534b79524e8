package io.imagepic.s3;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.minio.MinioClient;
import io.minio.credentials.Provider;
import io.quarkus.runtime.Startup;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds the MinIO clients from {@link StorageConfig}. quarkus-minio runs in "native support only" mode
 * (quarkus.minio.enabled=false): it still registers the SDK for native image, but we need two clients
 * (one for the S3 server, one signing URLs for the public endpoint) and bounded timeouts.
 */
public class MinioClients {

    public static final String PRESIGNER = "presigner";

    // Built at start (@Startup): building a client for an https endpoint loads the JDK's CA certificates, seconds on a
    // busy machine, and the first request to need one (e.g. signedUrl's stat) would otherwise do it on an event loop.
    // For an http endpoint the client has no TLS at all (cleartext only), so building it is cheap.
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
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (isCleartext(endpoint.url())) {
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        OkHttpClient http = builder.dispatcher(dispatcher)
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

    /**
     * Signs URLs for the endpoint browsers reach. Signing is offline: the region is given, so no call is made, and
     * its HTTP client is cleartext only. The SDK's default client would load CA certificates (the JDK's, and the
     * file SSL_CERT_FILE names) for nothing: that was about a sixth of the service's start. A call made through it
     * to an https endpoint would fail loudly, not quietly skip TLS.
     */
    @Produces
    @Singleton
    @Startup
    @Presigner
    MinioClient presigner(StorageConfig config, S3Endpoint endpoint, S3CredentialsSource credentials) {
        return signer(config.publicEndpoint().orElse(endpoint.url()), config.region(), credentials.provider());
    }

    static MinioClient signer(String endpoint, String region, Provider credentials) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(new OkHttpClient.Builder()
                        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                        .build())
                .build();
    }

    /** Whether the endpoint is plain http, where the client needs no TLS (and so no CA certificates). */
    static boolean isCleartext(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("http://");
    }
}
