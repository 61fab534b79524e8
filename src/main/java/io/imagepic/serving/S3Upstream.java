package io.imagepic.serving;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.imagepic.storage.S3Endpoint;
import io.imagepic.storage.StorageConfig;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.http.Method;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Reads objects from the S3 server with the non-blocking Vert.x HTTP client, so image bytes flow from
 * the S3 socket to the browser socket with back-pressure and no worker thread. Requests carry a
 * short-lived SigV4 query signature made offline by the MinIO SDK (the region is configured).
 */
@Singleton
public class S3Upstream {

    /** Lifetime of the signature of one upstream request: only needs to outlive its sending. */
    private static final int SIGNATURE_SECONDS = 300;

    private final MinioClient signer;
    private final HttpClient http;
    private final long idleTimeoutMs;
    private final Counter gets;
    private final Counter heads;

    S3Upstream(Vertx vertx, MinioClient minio, S3Endpoint endpoint, StorageConfig storage, ServingConfig config,
            MeterRegistry registry) {
        this.signer = minio;
        // What serving images costs the S3 server: a 304 must cost one HEAD at most.
        this.gets = registry.counter("imagepic.serving.upstream.requests", "method", "GET");
        this.heads = registry.counter("imagepic.serving.upstream.requests", "method", "HEAD");
        Duration timeout = storage.timeout();
        this.idleTimeoutMs = timeout.toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(endpoint.url().startsWith("https:"))
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    }

    /** GET, with an optional single range; the response is not yet read. Call on the event loop. */
    public Future<HttpClientResponse> get(ImagePath path, String range) {
        RequestOptions options = request(HttpMethod.GET, path);
        if (range != null) {
            options.putHeader("Range", range);
        }
        gets.increment();
        return send(options);
    }

    /** HEAD: the object's metadata, one request. */
    public Future<HttpClientResponse> head(ImagePath path) {
        heads.increment();
        return send(request(HttpMethod.HEAD, path));
    }

    private RequestOptions request(HttpMethod method, ImagePath path) {
        String url;
        try {
            url = signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method == HttpMethod.HEAD ? Method.HEAD : Method.GET)
                    .bucket(path.bucket()).object(path.key()).expiry(SIGNATURE_SECONDS, TimeUnit.SECONDS).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the S3 request", e);
        }
        return new RequestOptions().setMethod(method).setAbsoluteURI(url).setIdleTimeout(idleTimeoutMs);
    }

    private Future<HttpClientResponse> send(RequestOptions options) {
        return http.request(options).compose(req -> req.send());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
