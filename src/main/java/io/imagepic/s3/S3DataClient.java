package io.imagepic.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;

/**
 * The one S3 data client: object PUT (single or multipart), GET/HEAD streaming and DELETE on the
 * non-blocking Vert.x HTTP client, signed with {@link SigV4Signer}. Everything runs on an event loop:
 * signing and checksums need no I/O, bodies move with back-pressure.
 * <ul>
 * <li>One pool of keep-alive connections to the endpoint (path-style requests).</li>
 * <li>One timeout model: a connect timeout (which also bounds the wait for a pooled connection), and an
 * idle timeout: a request fails with {@link S3Exception.Code#TIMEOUT} when no byte moved in either
 * direction for that long. A large body that keeps moving never times out; a stalled server always does.
 * Time a reader spends paused (a slow browser) does not count.</li>
 * <li>One error type, {@link S3Exception}, with a typed code.</li>
 * <li>Integrity: bodies are sent with {@code UNSIGNED-PAYLOAD} (no SHA-256 over every byte) and an
 * {@code x-amz-checksum-crc32c} header that the S3 server verifies (CRC32C is an intrinsic: ~0.03 s of CPU
 * per GiB, against ~0.8 for SHA-256 and ~1.7 for MD5; see docs/benchmarks.md).</li>
 * <li>A request that met a pooled connection the server had closed is sent again on another connection,
 * if it is idempotent and its body is in memory.</li>
 * </ul>
 */
public final class S3DataClient implements AutoCloseable {

    /** How bodies are protected on the way to the S3 server. */
    public enum Integrity {
        /** {@code x-amz-checksum-crc32c}: verified by S3, MinIO and S3Proxy 4.x; nearly free to compute. */
        CRC32C,
        /** {@code Content-MD5}: for older S3 servers that do not know flexible checksums; ~1.7 s of CPU per GiB. */
        MD5,
        /** Nothing but TCP's checksum. */
        NONE
    }

    /**
     * @param endpoint e.g. {@code http://127.0.0.1:9000}; a path prefix is kept
     * @param credentials read on each request, so rotated temporary credentials are used at once
     */
    public record Options(String endpoint, String region, Supplier<S3Credentials> credentials, Duration connectTimeout,
            Duration idleTimeout, int maxConnections, Integrity integrity) {
    }

    /** What a written object (or part) is known by. */
    public record PutResult(String etag, String versionId) {
    }

    /** A stored part of a multipart upload, to be listed when completing it. */
    public record UploadedPart(int number, String etag, String checksumCrc32c) {
    }

    /**
     * How an object is written.
     *
     * @param metadata user metadata, names without the {@code x-amz-meta-} prefix, US-ASCII values
     * @param ifNoneMatch create only ({@code If-None-Match: *}): fails with
     *        {@link S3Exception.Code#PRECONDITION_FAILED} if the key exists
     * @param ifMatch replace only this version ({@code If-Match: <etag>}), or null: fails with
     *        {@link S3Exception.Code#PRECONDITION_FAILED} if the object changed or is gone
     */
    public record ObjectWrite(String contentType, Map<String, String> metadata, boolean ifNoneMatch, String ifMatch) {

        public ObjectWrite(String contentType, Map<String, String> metadata, boolean ifNoneMatch) {
            this(contentType, metadata, ifNoneMatch, null);
        }

        public static ObjectWrite of(String contentType) {
            return new ObjectWrite(contentType, Map.of(), false, null);
        }

        public ObjectWrite createOnly() {
            return new ObjectWrite(contentType, metadata, true, null);
        }

        public ObjectWrite replacing(String etag) {
            return new ObjectWrite(contentType, metadata, false, etag);
        }

        /** A conditional write is never sent twice: a lost answer to the first would make the second a false 412. */
        boolean conditional() {
            return ifNoneMatch || ifMatch != null;
        }

        void conditions(MultiMap headers) {
            if (ifNoneMatch) {
                headers.set("If-None-Match", "*");
            }
            if (ifMatch != null) {
                headers.set("If-Match", ifMatch);
            }
        }
    }

    static final int BODY_SLICE = 64 * 1024;
    private static final int MAX_XML_ANSWER = 1024 * 1024;
    private static final int MAX_STALE_RETRIES = 3;
    private static final Set<String> ERROR_FIELDS = Set.of("Code", "Message");
    private static final Set<String> READ_HEADERS = Set.of("range", "if-none-match", "if-match", "if-modified-since",
            "if-unmodified-since");

    private final Vertx vertx;
    private final HttpClient http;
    private final SigV4Signer signer;
    private final Integrity integrity;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String hostHeader;
    private final String basePath;
    private final long connectTimeoutMs;
    private final long idleTimeoutMs;
    /** Connections opened and not yet used: a failure on any other one may be a stale keep-alive. */
    private final Set<HttpConnection> unused = ConcurrentHashMap.newKeySet();

    public S3DataClient(Vertx vertx, Options options) {
        this.vertx = vertx;
        URI uri = URI.create(options.endpoint());
        this.ssl = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        this.hostHeader = (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.signer = new SigV4Signer(options.region(), "s3", options.credentials());
        this.integrity = options.integrity();
        this.connectTimeoutMs = options.connectTimeout().toMillis();
        this.idleTimeoutMs = options.idleTimeout().toMillis();
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setSsl(ssl)
                        .setConnectTimeout((int) connectTimeoutMs)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(20) // s: close idle connections before the server does (Jetty, S3Proxy: 30 s)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false)
                        // Netty's default hands bodies over in 8 KiB chunks: each a copy, a pipe turn and a write
                        .setMaxChunkSize(BODY_SLICE)
                        .setReceiveBufferSize(BODY_SLICE))
                .with(new PoolOptions().setHttp1MaxSize(options.maxConnections()))
                .withConnectHandler(connection -> {
                    unused.add(connection);
                    connection.closeHandler(v -> unused.remove(connection));
                })
                .build();
    }

    // ---------------------------------------------------------------- writes

    /** Stores {@code body} under {@code key}, with a CRC32C the S3 server verifies (computed here). */
    public Future<PutResult> putObject(String bucket, String key, ObjectWrite write, Buffer body) {
        return putObject(bucket, key, write, body, crc32cOf(body));
    }

    /** As {@link #putObject(String, String, ObjectWrite, Buffer)}, with the CRC32C already computed while reading. */
    public Future<PutResult> putObject(String bucket, String key, ObjectWrite write, Buffer body, int crc32c) {
        MultiMap headers = objectHeaders(write);
        integrityHeaders(headers, body, crc32c);
        Call call = new Call("putObject", HttpMethod.PUT, bucket, key, List.of(), headers, body, !write.conditional());
        return exchange(call).compose(r -> succeeded(r, call, () -> new PutResult(r.header("ETag"),
                r.header("x-amz-version-id"))));
    }

    /**
     * Stores a body that arrives as a stream of known length, with back-pressure: the source is paused
     * while the connection to S3 cannot take more. The checksum must be known before (a spooled file's).
     */
    public Future<PutResult> putObject(String bucket, String key, ObjectWrite write, ReadStream<Buffer> body,
            long length, int crc32c) {
        MultiMap headers = objectHeaders(write);
        headers.set("Content-Length", Long.toString(length));
        if (integrity == Integrity.CRC32C) {
            headers.set("x-amz-checksum-crc32c", crc32cBase64(crc32c));
        }
        Call call = new Call("putObject", HttpMethod.PUT, bucket, key, List.of(), headers, null, false);
        call.stream = body;
        return exchange(call).compose(r -> succeeded(r, call, () -> new PutResult(r.header("ETag"),
                r.header("x-amz-version-id"))));
    }

    /**
     * Starts a multipart upload; returns its id. The write's conditions are checked when the upload completes
     * (S3 defines If-None-Match and If-Match there; S3Proxy ignores them here), so pass the write to
     * {@link #completeMultipartUpload} too.
     */
    public Future<String> createMultipartUpload(String bucket, String key, ObjectWrite write) {
        MultiMap headers = objectHeaders(write);
        headers.remove("If-None-Match");
        headers.remove("If-Match");
        if (integrity == Integrity.CRC32C) {
            headers.set("x-amz-checksum-algorithm", "CRC32C"); // AWS wants the algorithm declared for part checksums
        }
        Call call = new Call("createMultipartUpload", HttpMethod.POST, bucket, key, List.of(Map.entry("uploads", "")),
                headers, null, false);
        return exchange(call).compose(r -> succeeded(r, call, () -> {
            String id = S3Xml.parse(r.body().toString(), Set.of("UploadId")).get("UploadId");
            if (id == null || id.isEmpty()) {
                throw S3Exception.refused(call.operation, bucket, key, r.status(), null, "no UploadId in the answer");
            }
            return id;
        }));
    }

    public Future<UploadedPart> uploadPart(String bucket, String key, String uploadId, int partNumber, Buffer body) {
        return uploadPart(bucket, key, uploadId, partNumber, body, crc32cOf(body));
    }

    public Future<UploadedPart> uploadPart(String bucket, String key, String uploadId, int partNumber, Buffer body,
            int crc32c) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        integrityHeaders(headers, body, crc32c);
        Call call = new Call("uploadPart", HttpMethod.PUT, bucket, key,
                List.of(Map.entry("partNumber", Integer.toString(partNumber)), Map.entry("uploadId", uploadId)),
                headers, body, true);
        String checksum = integrity == Integrity.CRC32C ? crc32cBase64(crc32c) : null;
        return exchange(call).compose(r -> succeeded(r, call, () -> new UploadedPart(partNumber, r.header("ETag"), checksum)));
    }

    /** Joins the parts into the object. S3 may answer 200 with an error document: that is a failure too. */
    public Future<PutResult> completeMultipartUpload(String bucket, String key, String uploadId, List<UploadedPart> parts) {
        return completeMultipartUpload(bucket, key, uploadId, parts, ObjectWrite.of(null));
    }

    /**
     * @param write its conditions (create only, replace only a version) are checked now, atomically; when they
     *        fail the parts stay until the upload is aborted
     */
    public Future<PutResult> completeMultipartUpload(String bucket, String key, String uploadId, List<UploadedPart> parts,
            ObjectWrite write) {
        List<S3Xml.Part> xmlParts = new ArrayList<>(parts.size());
        parts.forEach(p -> xmlParts.add(new S3Xml.Part(p.number(), p.etag(), p.checksumCrc32c())));
        Buffer body = Buffer.buffer(S3Xml.completeMultipartUpload(xmlParts));
        // No x-amz-checksum-crc32c here: on this request it would claim the whole object's checksum.
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/xml")
                .set("Content-Length", Integer.toString(body.length()));
        write.conditions(headers);
        Call call = new Call("completeMultipartUpload", HttpMethod.POST, bucket, key, List.of(Map.entry("uploadId", uploadId)),
                headers, body, false);
        return exchange(call).compose(r -> succeeded(r, call, () -> {
            S3Xml.Doc doc = S3Xml.parse(r.body().toString(), Set.of("ETag", "Code", "Message"));
            if ("Error".equals(doc.root())) {
                throw S3Exception.refused(call.operation, bucket, key, r.status(), doc.get("Code"), doc.get("Message"));
            }
            return new PutResult(doc.get("ETag"), r.header("x-amz-version-id"));
        }));
    }

    /** Aborts a multipart upload, so no part stays stored. An upload already gone counts as aborted. */
    public Future<Void> abortMultipartUpload(String bucket, String key, String uploadId) {
        Call call = new Call("abortMultipartUpload", HttpMethod.DELETE, bucket, key, List.of(Map.entry("uploadId", uploadId)),
                MultiMap.caseInsensitiveMultiMap(), null, true);
        return exchange(call).compose(r -> r.status() == 404 ? Future.succeededFuture()
                : succeeded(r, call, () -> null));
    }

    /** Deletes an object; deleting a missing key succeeds, as in S3. */
    public Future<Void> deleteObject(String bucket, String key) {
        return deleteObject(bucket, key, null);
    }

    /**
     * Deletes an object only while its ETag is {@code ifMatch} (null: unconditionally): a replacement written since
     * fails the delete with {@link S3Exception.Code#PRECONDITION_FAILED}; a server without conditional deletes
     * answers {@link S3Exception.Code#NOT_IMPLEMENTED}.
     */
    public Future<Void> deleteObject(String bucket, String key, String ifMatch) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (ifMatch != null) {
            headers.set("If-Match", Etags.quote(ifMatch));
        }
        Call call = new Call("deleteObject", HttpMethod.DELETE, bucket, key, List.of(), headers, null, true);
        return exchange(call).compose(r -> succeeded(r, call, () -> null));
    }

    // ---------------------------------------------------------------- reads

    /** One signed request (ListBuckets) that succeeds while the S3 server answers and takes our keys. */
    public Future<Void> ping() {
        Call call = new Call("ping", HttpMethod.GET, null, null, List.of(), MultiMap.caseInsensitiveMultiMap(), null,
                true);
        return exchange(call).compose(r -> succeeded(r, call, () -> null));
    }

    /** The object's metadata (one HEAD): size, ETag, type, dates, user metadata. */
    public Future<ObjectInfo> headObject(String bucket, String key) {
        Call call = new Call("headObject", HttpMethod.HEAD, bucket, key, List.of(), MultiMap.caseInsensitiveMultiMap(),
                null, true);
        return exchange(call).compose(r -> succeeded(r, call, () -> ObjectInfo.of(r.headers())));
    }

    /**
     * Starts reading an object. The answer's body is not read yet: the caller streams it (pipe it, with
     * back-pressure) or discards it. 200, 206 and 304 are answers; anything else fails with an S3Exception.
     *
     * @param readHeaders Range and conditional headers (If-None-Match, If-Match, If-Modified-Since,
     *        If-Unmodified-Since), sent as given; others are refused
     */
    public Future<S3Object> getObject(String bucket, String key, Map<String, String> readHeaders) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        readHeaders.forEach((name, value) -> {
            if (!READ_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("not a read header: " + name);
            }
            headers.set(name, value);
        });
        Call call = new Call("getObject", HttpMethod.GET, bucket, key, List.of(), headers, null, true);
        call.streamResponse = true;
        return exchange(call).map(r -> r.object);
    }

    /**
     * A presigned URL's query string for this endpoint (the caller adds it to {@code /bucket/key}).
     * Signing is local: no request is made.
     */
    public String presignedQuery(HttpMethod method, String bucket, String key, Duration expires) {
        return signer.presign(method.name(), path(bucket, key), hostHeader, List.of(), expires, Instant.now());
    }

    public String objectPath(String bucket, String key) {
        return path(bucket, key);
    }

    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------- checksums

    /** CRC32C of a buffer, read in place (heap, direct or composite). */
    public static int crc32cOf(Buffer body) {
        CRC32C crc = new CRC32C();
        ByteBuf buf = body.getByteBuf();
        for (ByteBuffer nio : buf.nioBuffers()) {
            crc.update(nio);
        }
        return (int) crc.getValue();
    }

    /** The big-endian base64 form S3 uses in x-amz-checksum-crc32c. */
    public static String crc32cBase64(int crc) {
        byte[] b = { (byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc };
        return Base64.getEncoder().encodeToString(b);
    }

    private void integrityHeaders(MultiMap headers, Buffer body, int crc32c) {
        headers.set("Content-Length", Integer.toString(body.length()));
        switch (integrity) {
            case CRC32C -> headers.set("x-amz-checksum-crc32c", crc32cBase64(crc32c));
            case MD5 -> headers.set("Content-MD5", md5Base64(body));
            case NONE -> {
            }
        }
    }

    private static String md5Base64(Buffer body) {
        try {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            for (ByteBuffer nio : body.getByteBuf().nioBuffers()) {
                md5.update(nio);
            }
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MultiMap objectHeaders(ObjectWrite write) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (write.contentType() != null) {
            headers.set("Content-Type", write.contentType());
        }
        write.metadata().forEach((name, value) -> headers.set("x-amz-meta-" + name, value));
        write.conditions(headers);
        return headers;
    }

    // ---------------------------------------------------------------- one exchange

    /** One S3 request as the client sends it. */
    private static final class Call {
        final String operation;
        final HttpMethod method;
        final String bucket;
        final String key;
        final List<Map.Entry<String, String>> query;
        final MultiMap headers;
        final Buffer body;
        final boolean retryable;
        ReadStream<Buffer> stream;
        boolean streamResponse;

        Call(String operation, HttpMethod method, String bucket, String key, List<Map.Entry<String, String>> query,
                MultiMap headers, Buffer body, boolean retryable) {
            this.operation = operation;
            this.method = method;
            this.bucket = bucket;
            this.key = key;
            this.query = query;
            this.headers = headers;
            this.body = body;
            this.retryable = retryable;
        }
    }

    /** An answer: status, headers, and the body (read whole for small answers) or the open object stream. */
    record Answer(int status, MultiMap headers, Buffer body, S3Object object) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private <T> Future<T> succeeded(Answer r, Call call, Supplier<T> result) {
        if (r.status() / 100 == 2) {
            try {
                return Future.succeededFuture(result.get());
            } catch (S3Exception e) {
                return Future.failedFuture(e);
            }
        }
        return Future.failedFuture(refusal(call, r.status(), r.body()));
    }

    private static S3Exception refusal(Call call, int status, Buffer body) {
        String code = null;
        String message = null;
        if (body != null && body.length() > 0) {
            S3Xml.Doc doc = S3Xml.parse(body.toString(), ERROR_FIELDS);
            code = doc.get("Code");
            message = doc.get("Message");
        }
        return S3Exception.refused(call.operation, call.bucket, call.key, status, code, message);
    }

    /** Runs the call on an event loop (the caller's, or one of Vert.x's), so its state has one thread. */
    private Future<Answer> exchange(Call call) {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            Promise<Answer> promise = Promise.promise();
            attempt(call, 0, promise);
            return promise.future();
        }
        Context context = vertx.getOrCreateContext();
        Promise<Answer> promise = Promise.promise();
        context.runOnContext(v -> attempt(call, 0, promise));
        return promise.future();
    }

    private void attempt(Call call, int retries, Promise<Answer> result) {
        RequestOptions options;
        try {
            options = requestOptions(call);
        } catch (RuntimeException e) {
            result.fail(e);
            return;
        }
        http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                result.fail(failure(call, ar.cause(), false));
                return;
            }
            HttpClientRequest request = ar.result();
            boolean reused = !unused.remove(request.connection());
            Watchdog watchdog = new Watchdog(request);
            request.response().onComplete(response -> {
                if (response.succeeded()) {
                    answered(call, response.result(), watchdog, result);
                    return;
                }
                watchdog.stop();
                Throwable cause = response.cause();
                if (call.retryable && reused && retries < MAX_STALE_RETRIES && !watchdog.expired
                        && isConnectionLoss(cause)) {
                    attempt(call, retries + 1, result); // the server had closed this pooled connection
                } else {
                    result.fail(failure(call, cause, watchdog.expired));
                }
            });
            if (call.stream != null) {
                new StreamWriter(request, call.stream, watchdog).start();
            } else {
                new BodyWriter(request, call.body, watchdog).run();
            }
        });
    }

    private RequestOptions requestOptions(Call call) {
        String uri = path(call.bucket, call.key);
        String query = SigV4Signer.canonicalQuery(call.query);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(call.headers);
        headers.set("Host", hostHeader);
        headers.set("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
        SigV4Signer.Signed signed = signer.sign(call.method.name(), uri, query, headers, SigV4Signer.UNSIGNED_PAYLOAD,
                Instant.now());
        headers.set(SigV4Signer.X_AMZ_DATE, signed.amzDate());
        headers.set("Authorization", signed.authorization());
        if (signed.securityToken() != null) {
            headers.set(SigV4Signer.X_AMZ_SECURITY_TOKEN, signed.securityToken());
        }
        return new RequestOptions().setMethod(call.method).setHost(host).setPort(port).setSsl(ssl)
                .setURI(query.isEmpty() ? uri : uri + "?" + query)
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMs); // also bounds the wait for a pooled connection
    }

    private String path(String bucket, String key) {
        if (bucket == null) {
            return basePath + "/"; // the service itself (ListBuckets)
        }
        String p = basePath + "/" + SigV4Signer.encode(bucket, true);
        return key == null ? p : p + "/" + SigV4Signer.encodePath(key);
    }

    private void answered(Call call, HttpClientResponse response, Watchdog watchdog, Promise<Answer> result) {
        watchdog.touch();
        int status = response.statusCode();
        boolean object = call.streamResponse && (status == 200 || status == 206 || status == 304);
        if (object) {
            response.pause(); // until the reader sets its handlers: no byte is lost or buffered without bound
            watchdog.pause();
            result.complete(
                    new Answer(status, response.headers(), null, new S3Object(response, watchdog, call.bucket, call.key)));
            return;
        }
        // A small answer (XML or nothing): read it whole, so the connection goes back to the pool.
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            watchdog.touch();
            if (body.length() + chunk.length() > MAX_XML_ANSWER) {
                response.request().reset(0, new IOException("S3 answer larger than " + MAX_XML_ANSWER + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(e -> {
            watchdog.stop();
            result.tryFail(failure(call, e, watchdog.expired));
        });
        response.endHandler(v -> {
            watchdog.stop();
            if (call.streamResponse) {
                result.tryFail(refusal(call, status, body)); // a GET that was refused
            } else {
                result.tryComplete(new Answer(status, response.headers(), body, null));
            }
        });
    }

    private static boolean isConnectionLoss(Throwable e) {
        return e instanceof HttpClosedException || e instanceof ClosedChannelException
                || (e instanceof IOException && !(e instanceof java.io.InterruptedIOException));
    }

    private static S3Exception failure(Call call, Throwable cause, boolean idle) {
        if (cause instanceof S3Exception e) {
            return e;
        }
        S3Exception.Code code;
        if (idle || cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException
                || cause instanceof java.net.SocketTimeoutException) {
            code = S3Exception.Code.TIMEOUT;
        } else if (cause instanceof ConnectException || isConnectionLoss(cause)
                || cause instanceof java.net.UnknownHostException) {
            code = S3Exception.Code.CONNECTION_FAILED;
        } else if (cause instanceof io.vertx.core.VertxException && cause.getMessage() != null) {
            code = S3Exception.Code.CONNECTION_FAILED; // Vert.x reports pool and connection loss this way
        } else {
            code = S3Exception.Code.REFUSED;
        }
        return S3Exception.failed(code, call.operation, call.bucket, call.key, cause);
    }

    /**
     * The idle timeout of one request: fails it when no byte moved in either direction for
     * {@link #idleTimeoutMs}, unless the reader paused on purpose. Runs on the request's event loop.
     */
    final class Watchdog {
        private final HttpClientRequest request;
        private long lastProgress = System.nanoTime();
        private long timer;
        private boolean paused;
        private boolean stopped;
        boolean expired;

        Watchdog(HttpClientRequest request) {
            this.request = request;
            this.timer = vertx.setTimer(idleTimeoutMs, this::check);
        }

        void touch() {
            lastProgress = System.nanoTime();
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
            touch();
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                vertx.cancelTimer(timer);
            }
        }

        private void check(long id) {
            if (stopped) {
                return;
            }
            long idleNs = System.nanoTime() - lastProgress;
            long limitNs = idleTimeoutMs * 1_000_000L;
            if (paused || idleNs < limitNs) {
                long wait = paused ? idleTimeoutMs : Math.max(1, (limitNs - idleNs) / 1_000_000L);
                timer = vertx.setTimer(wait, this::check);
                return;
            }
            expired = true;
            stopped = true;
            request.reset(0, new TimeoutException("no byte moved for " + idleTimeoutMs + " ms"));
        }
    }

    /** Writes an in-memory body in slices, as fast as the connection takes them; each slice written is progress. */
    private static final class BodyWriter {
        private final HttpClientRequest request;
        private final Buffer body;
        private final Watchdog watchdog;
        private int position;

        BodyWriter(HttpClientRequest request, Buffer body, Watchdog watchdog) {
            this.request = request;
            this.body = body;
            this.watchdog = watchdog;
        }

        void run() {
            if (body == null) {
                request.end();
                return;
            }
            int length = body.length();
            while (position < length && !request.writeQueueFull()) {
                int end = Math.min(length, position + BODY_SLICE);
                Buffer slice = body.slice(position, end); // no copy
                position = end;
                Future<Void> written = position == length ? request.end(slice) : request.write(slice);
                written.onSuccess(v -> watchdog.touch());
            }
            if (position < length) {
                request.drainHandler(v -> run());
            } else if (length == 0) {
                request.end();
            }
        }
    }

    /** Pipes a stream into the request with back-pressure; each chunk taken is progress. */
    private static final class StreamWriter {
        private final HttpClientRequest request;
        private final ReadStream<Buffer> source;
        private final Watchdog watchdog;

        StreamWriter(HttpClientRequest request, ReadStream<Buffer> source, Watchdog watchdog) {
            this.request = request;
            this.source = source;
            this.watchdog = watchdog;
        }

        void start() {
            source.handler(chunk -> {
                watchdog.touch();
                request.write(chunk).onSuccess(v -> watchdog.touch());
                if (request.writeQueueFull()) {
                    source.pause();
                    request.drainHandler(v -> source.resume());
                }
            });
            source.exceptionHandler(e -> request.reset(0, e));
            source.endHandler(v -> request.end());
            source.resume();
        }
    }
}
