package io.imagepic.upload;

import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;

import io.imagepic.s3.S3Calls;
import io.imagepic.s3.S3Endpoint;
import io.imagepic.s3.S3Exception;
import io.imagepic.s3.S3Msg;
import io.imagepic.s3.StorageConfig;
import io.minio.Digest;
import io.minio.MinioAsyncClient;
import io.minio.Signer;
import io.minio.Time;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.Part;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Writes a stream of unknown length into S3 with bounded memory: one PUT when it fits in a part,
 * otherwise a multipart upload that reads part n+1 from the client while part n is sent, so at most
 * two parts are held. Any failure aborts the multipart upload, so no partial object ever appears.
 * <p>
 * Drives the S3 calls itself because minio-java's {@code putObject} reads the stream inside
 * {@code CompletableFuture.supplyAsync} (the common pool), buffers each part twice over and hashes it
 * with MD5 on top of SHA-256.
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class S3StreamWriter {

    private static final Logger LOG = Logger.getLogger(S3StreamWriter.class);

    private final Client s3;
    private final String region;
    private final int partSize;
    private final long timeoutMs;

    S3StreamWriter(StorageConfig storage, S3Endpoint endpoint, UploadConfig config) {
        long timeout = config.s3Timeout().toMillis();
        Dispatcher dispatcher = new Dispatcher();
        // okhttp's default (5 per host) would queue concurrent uploads behind each other
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        OkHttpClient http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(storage.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                // bodies are byte arrays, so a request that met a pooled connection the server had
                // closed (after an S3 restart) can safely be sent again on a fresh one
                .retryOnConnectionFailure(true)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .build();
        this.s3 = new Client(MinioAsyncClient.builder()
                .endpoint(endpoint.url())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                .httpClient(http)
                .build(), storage.region(), storage.accessKey(), storage.secretKey());
        this.region = storage.region();
        this.partSize = (int) config.partSize().asLongValue();
        this.timeoutMs = timeout;
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("imagepic.upload.part-size must be at least 5M (the S3 minimum)");
        }
    }

    public int partSize() {
        return partSize;
    }

    /**
     * Stores {@code first} (already holding the start of the file) followed by the rest of {@code in}.
     * Returns the S3 answer and the number of bytes stored.
     */
    public Written write(String bucket, String key, Multimap<String, String> headers, PartBuffer first, InputStream in)
            throws Exception {
        first.fill(in, partSize);
        if (first.eof) {
            Sent r = s3.sendNow(bucket, key, headers, first, timeoutMs); // on this thread: no hand-off for small files
            return new Written(r.etag(), r.versionId(), first.length);
        }
        String uploadId = await("createMultipartUpload",
                s3.createMultipartUploadAsync(bucket, region, key, headers, null)).result().uploadId();
        try {
            return uploadParts(bucket, key, uploadId, first, in);
        } catch (Exception | Error e) {
            abort(bucket, key, uploadId);
            throw e;
        }
    }

    private Written uploadParts(String bucket, String key, String uploadId, PartBuffer first, InputStream in)
            throws Exception {
        List<Part> parts = new ArrayList<>();
        PartBuffer sending = first;
        PartBuffer filling = new PartBuffer(partSize);
        long size = first.length;
        CompletableFuture<Sent> inFlight = uploadPart(bucket, key, uploadId, sending, 1);
        while (true) {
            boolean last = sending.eof;
            if (!last) {
                filling.reset();
                filling.fill(in, partSize); // overlaps with the part in flight
            }
            Sent done = await("uploadPart", inFlight);
            parts.add(new Part(parts.size() + 1, done.etag()));
            if (last || filling.length == 0) {
                break;
            }
            size += filling.length;
            inFlight = uploadPart(bucket, key, uploadId, filling, parts.size() + 1);
            PartBuffer sent = sending;
            sending = filling;
            filling = sent;
        }
        io.minio.ObjectWriteResponse r = await("completeMultipartUpload", s3.completeMultipartUploadAsync(bucket, region, key,
                uploadId, parts.toArray(Part[]::new), null, null));
        return new Written(r.etag(), r.versionId(), size);
    }

    private CompletableFuture<Sent> uploadPart(String bucket, String key, String uploadId, PartBuffer part, int number)
            throws Exception {
        Multimap<String, String> query = HashMultimap.create();
        query.put("partNumber", Integer.toString(number));
        query.put("uploadId", uploadId);
        return s3.send(bucket, key, query, null, part);
    }

    /** The object's metadata, or empty when there is no such object. */
    public java.util.Optional<io.minio.StatObjectResponse> stat(String bucket, String key) throws Exception {
        try {
            return java.util.Optional.of(await("statObject",
                    s3.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build())));
        } catch (S3Exception e) {
            if (e.code() == S3Exception.Code.NO_SUCH_KEY) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Best effort, bounded: the upload failed already, and the server may be the reason. */
    private void abort(String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUploadAsync(bucket, region, key, uploadId, null, null).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("could not abort multipart upload %s of %s/%s: %s", uploadId, bucket, key, e.toString());
        }
    }

    /** Waits for one S3 call, bounded by the upload timeout; a stalled server becomes a 503. */
    private <T> T await(String what, CompletableFuture<T> call) throws Exception {
        try {
            return call.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw S3Exception.unavailable(what, new TimeoutException("no answer within " + timeoutMs + " ms"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                    ? ce.getCause()
                    : e.getCause();
            throw S3Calls.translate(what, cause);
        }
    }

    @PreDestroy
    void close() {
        s3.httpClient().dispatcher().executorService().shutdown();
    }

    /** What S3 answered for a stored object, and its size. */
    public record Written(String etag, String versionId, long size) {
    }

    /** The answer to one PUT of data: the object's or part's ETag, and the version id if any. */
    record Sent(String etag, String versionId) {
    }

    /**
     * The SDK for the small calls (create, complete, abort, stat), and its URL building and signer for the
     * calls carrying data, which this class sends itself: the SDK would hash every byte-array body with MD5
     * as well as SHA-256, and offers no way to cancel a call that stalls.
     */
    static final class Client extends MinioAsyncClient {
        private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
        private final String region;
        private final String accessKey;
        private final String secretKey;

        Client(MinioAsyncClient client, String region, String accessKey, String secretKey) {
            super(client);
            this.region = region;
            this.accessKey = accessKey;
            this.secretKey = secretKey;
        }

        /** PUT of a whole object on the calling thread, the call bounded by {@code timeoutMs}. */
        Sent sendNow(String bucket, String key, Multimap<String, String> headers, PartBuffer body, long timeoutMs)
                throws Exception {
            Call call = httpClient.newCall(signedPut(bucket, key, null, headers, body));
            call.timeout().timeout(timeoutMs, TimeUnit.MILLISECONDS);
            try (Response response = call.execute()) {
                if (!response.isSuccessful()) {
                    throw failure(bucket, key, response);
                }
                return new Sent(response.header("ETag"), response.header("x-amz-version-id"));
            } catch (java.io.IOException e) {
                throw S3Calls.translate("putObject", e);
            }
        }

        /** PUT of an object (query null) or of a part, sent asynchronously; cancelling the future cancels the call. */
        CompletableFuture<Sent> send(String bucket, String key, Multimap<String, String> query,
                Multimap<String, String> headers, PartBuffer body) throws Exception {
            Call call = httpClient.newCall(signedPut(bucket, key, query, headers, body));
            CompletableFuture<Sent> result = new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterrupt) {
                    call.cancel(); // a stalled server: free the connection
                    return super.cancel(mayInterrupt);
                }
            };
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call c, java.io.IOException e) {
                    result.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call c, Response response) {
                    try (response) {
                        if (response.isSuccessful()) {
                            result.complete(new Sent(response.header("ETag"), response.header("x-amz-version-id")));
                        } else {
                            result.completeExceptionally(failure(bucket, key, response));
                        }
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                }
            });
            return result;
        }

        /** SigV4 with the payload's SHA-256 signed, as the SDK signs over plain HTTP. */
        private Request signedPut(String bucket, String key, Multimap<String, String> query,
                Multimap<String, String> headers, PartBuffer body) throws Exception {
            HttpUrl url = buildUrl(Method.PUT, bucket, key, region, query == null ? HashMultimap.create() : query);
            String sha256 = Digest.sha256Hash(body.data, body.length);
            Request.Builder request = new Request.Builder().url(url)
                    .header("Host", HttpUtils.getHostHeader(url))
                    .header("x-amz-content-sha256", sha256)
                    .header("x-amz-date", ZonedDateTime.now(ZoneOffset.UTC).format(Time.AMZ_DATE_FORMAT));
            if (headers != null) {
                headers.entries().forEach(h -> request.header(h.getKey(), h.getValue()));
            }
            request.put(RequestBody.create(body.data, null, 0, body.length));
            return Signer.signV4S3(request.build(), region, accessKey, secretKey, sha256);
        }

        private static S3Exception failure(String bucket, String key, Response response) throws java.io.IOException {
            String body = response.body() == null ? "" : response.body().string();
            Matcher m = ERROR_CODE.matcher(body);
            String code = m.find() ? m.group(1) : "HTTP " + response.code();
            return switch (code) {
                case "NoSuchBucket" -> S3Exception.noSuchBucket(bucket);
                case "PreconditionFailed" -> new S3Exception(S3Exception.Code.PRECONDITION_FAILED, S3Msg.PRECONDITION_FAILED,
                        bucket, key);
                default -> new S3Exception(response.code() == 503 ? S3Exception.Code.UNAVAILABLE : S3Exception.Code.REFUSED,
                        S3Msg.REFUSED, "PUT " + bucket + "/" + key, code);
            };
        }

        OkHttpClient httpClient() {
            return this.httpClient;
        }
    }
}
