package io.imagepic.upload;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.collect.Multimap;

import io.imagepic.storage.S3Calls;
import io.imagepic.storage.S3Endpoint;
import io.imagepic.storage.StorageConfig;
import io.imagepic.storage.StorageException;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.UploadPartResponse;
import io.minio.messages.Part;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Writes a stream of unknown length into S3 with bounded memory: one PUT when it fits in a part,
 * otherwise a multipart upload that reads part n+1 from the client while part n is sent, so at most
 * two parts are held. Any failure aborts the multipart upload, so no partial object ever appears.
 * <p>
 * Drives the S3 calls itself because minio-java's {@code putObject} reads the stream inside
 * {@code CompletableFuture.supplyAsync} (the common pool) and buffers each part twice over.
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
                .build());
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
            ObjectWriteResponse r = await("putObject", s3.put(bucket, region, key, first.data, first.length, headers));
            return new Written(r, first.length);
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
        CompletableFuture<UploadPartResponse> inFlight = uploadPart(bucket, key, uploadId, sending, 1);
        while (true) {
            boolean last = sending.eof;
            if (!last) {
                filling.reset();
                filling.fill(in, partSize); // overlaps with the part in flight
            }
            UploadPartResponse done = await("uploadPart", inFlight);
            parts.add(new Part(done.partNumber(), done.etag()));
            if (last || filling.length == 0) {
                break;
            }
            size += filling.length;
            inFlight = uploadPart(bucket, key, uploadId, filling, parts.size() + 1);
            PartBuffer sent = sending;
            sending = filling;
            filling = sent;
        }
        ObjectWriteResponse r = await("completeMultipartUpload", s3.completeMultipartUploadAsync(bucket, region, key,
                uploadId, parts.toArray(Part[]::new), null, null));
        return new Written(r, size);
    }

    private CompletableFuture<UploadPartResponse> uploadPart(String bucket, String key, String uploadId, PartBuffer part,
            int number) throws Exception {
        return s3.uploadPartAsync(bucket, region, key, part.data, part.length, uploadId, number, null, null);
    }

    /** The object's metadata, or empty when there is no such object. */
    public java.util.Optional<io.minio.StatObjectResponse> stat(String bucket, String key) throws Exception {
        try {
            return java.util.Optional.of(await("statObject",
                    s3.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build())));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND && e.getMessage().startsWith("object")) {
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
            throw new StorageException(StorageException.Kind.UNAVAILABLE,
                    "storage unavailable (" + what + "): no answer within " + timeoutMs + " ms", e);
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
    public record Written(ObjectWriteResponse response, long size) {
    }

    /** Opens up the SDK's protected single PUT of a byte array (no extra copy, no common-pool thread). */
    static final class Client extends MinioAsyncClient {
        Client(MinioAsyncClient client) {
            super(client);
        }

        CompletableFuture<ObjectWriteResponse> put(String bucket, String region, String key, byte[] data, int length,
                Multimap<String, String> headers) throws Exception {
            return putObjectAsync(bucket, region, key, data, length, headers, null);
        }

        OkHttpClient httpClient() {
            return this.httpClient;
        }
    }
}
