package io.imagepic.serving;

import java.net.URI;
import java.time.ZonedDateTime;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.imagepic.s3.S3Endpoint;
import io.imagepic.s3.StorageConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * the S3 socket to the browser socket with back-pressure and no worker thread. Requests are signed
 * (SigV4, in headers) on the event loop: signing needs no I/O.
 */
@Singleton
public class S3Upstream {

    static final int CHUNK_SIZE = 64 * 1024;

    private final HttpClient http;
    private final SigV4 signer;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final long idleTimeoutMs;
    private final Counter gets;
    private final Counter heads;

    S3Upstream(Vertx vertx, S3Endpoint endpoint, StorageConfig storage, ServingConfig config, MeterRegistry registry) {
        URI uri = URI.create(endpoint.url());
        this.ssl = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.signer = new SigV4(storage.accessKey(), storage.secretKey(), storage.region());
        this.idleTimeoutMs = storage.timeout().toMillis();
        // What serving images costs the S3 server: a 304 must cost one HEAD at most.
        this.gets = registry.counter("imagepic.serving.upstream.requests", "method", "GET");
        this.heads = registry.counter("imagepic.serving.upstream.requests", "method", "HEAD");
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(ssl)
                .setConnectTimeout((int) storage.timeout().toMillis())
                .setKeepAlive(true)
                .setKeepAliveTimeout(20) // s: close before the server's idle timeout does (Jetty/S3Proxy: 30 s)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                // Netty's default hands the body over in 8 KiB chunks: each one a buffer copy, a pipe turn
                // and a write+flush to the browser. 64 KiB chunks cut that per-image work several times.
                .setMaxChunkSize(CHUNK_SIZE)
                .setReceiveBufferSize(CHUNK_SIZE),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    }

    /** GET, with an optional single range; the response is not yet read. Call on the event loop. */
    public Future<HttpClientResponse> get(ImagePath path, String range) {
        RequestOptions options = request(HttpMethod.GET, path);
        if (range != null) {
            options.putHeader("Range", range); // unsigned, as S3 allows for non-x-amz headers
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
        // Path-style "/bucket/key", encoded as SigV4 canonicalizes it for S3 (each segment, once).
        String uri = basePath + path.encoded().substring(ImagePath.PREFIX.length() - 1);
        String hostHeader = (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
        SigV4.Signed signed = signer.sign(method.name(), hostHeader, uri, ZonedDateTime.now());
        return new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl).setURI(uri)
                .putHeader("Host", hostHeader)
                .putHeader("x-amz-date", signed.amzDate())
                .putHeader("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD)
                .putHeader("Authorization", signed.authorization())
                .setIdleTimeout(idleTimeoutMs);
    }

    private Future<HttpClientResponse> send(RequestOptions options) {
        return http.request(options).compose(req -> req.send());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
