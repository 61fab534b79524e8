package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.s3.S3DataClient.Integrity;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;

/** The data client against a real S3 server (S3Proxy 4.1.0, filesystem backend, its own process). */
class S3DataClientTest {

    private static final String ACCESS = TestServers.S3.ACCESS_KEY;
    private static final String SECRET = TestServers.S3.SECRET_KEY;
    private static final String BUCKET = "data";

    @TempDir
    static Path dir;
    static TestServers.S3 s3;
    static Vertx vertx;
    static S3DataClient client;

    @BeforeAll
    static void start() throws Exception {
        s3 = TestServers.s3(); // the JVM's one S3Proxy
        S3Fixtures.bucket(s3.client(), BUCKET); // buckets are the SDK's business
        vertx = Vertx.vertx();
        client = client(S3Credentials.of(ACCESS, SECRET), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static S3DataClient client(S3Credentials credentials, Duration idle) {
        return new S3DataClient(vertx, new S3DataClient.Options(s3.endpoint(), "us-east-1", () -> credentials,
                Duration.ofSeconds(5), idle, 16, Integrity.CRC32C));
    }

    @Test
    void putHeadGetDeleteAnObjectWithAKeyThatNeedsEncoding() throws Exception {
        String key = "folder/a b+c&d=é ü/图 (1).png";
        byte[] bytes = random(300_000);
        S3DataClient.PutResult put = await(client.putObject(BUCKET, key,
                new ObjectWrite("image/png", Map.of("uploader", "13700000001"), false), Buffer.buffer(bytes)));
        assertNotNull(put.etag());

        ObjectInfo info = await(client.headObject(BUCKET, key));
        assertEquals(bytes.length, info.size());
        assertEquals("image/png", info.contentType());
        assertEquals("13700000001", info.metadata().get("uploader"));
        assertEquals(put.etag(), info.etag());

        S3Object object = await(client.getObject(BUCKET, key, Map.of()));
        assertEquals(200, object.status());
        assertArrayEquals(bytes, await(object.readAll(1 << 20)).getBytes());

        await(client.deleteObject(BUCKET, key));
        assertEquals(S3Exception.Code.NO_SUCH_KEY, failure(client.headObject(BUCKET, key)).code());
    }

    @Test
    void rangesAndConditionalReads() throws Exception {
        byte[] bytes = random(10_000);
        await(client.putObject(BUCKET, "range.bin", ObjectWrite.of("application/octet-stream"), Buffer.buffer(bytes)));

        S3Object part = await(client.getObject(BUCKET, "range.bin", Map.of("Range", "bytes=10-19")));
        assertEquals(206, part.status());
        assertEquals(10_000, part.info().size(), "the whole size, from Content-Range");
        byte[] expected = new byte[10];
        System.arraycopy(bytes, 10, expected, 0, 10);
        assertArrayEquals(expected, await(part.readAll(100)).getBytes());

        String etag = await(client.headObject(BUCKET, "range.bin")).etag();
        S3Object notModified = await(client.getObject(BUCKET, "range.bin", Map.of("If-None-Match", etag)));
        assertEquals(304, notModified.status());
        assertEquals(0, await(notModified.readAll(100)).length());

        S3Exception outside = failure(client.getObject(BUCKET, "range.bin", Map.of("Range", "bytes=20000-20010")));
        assertEquals(S3Exception.Code.INVALID_RANGE, outside.code());
        assertEquals(416, outside.status());
        assertThrows(IllegalArgumentException.class,
                () -> client.getObject(BUCKET, "range.bin", Map.of("x-amz-acl", "public")));
    }

    @Test
    void ifNoneMatchCreatesOnlyOnce() throws Exception {
        ObjectWrite create = new ObjectWrite("text/plain", Map.of(), true);
        await(client.putObject(BUCKET, "once.txt", create, Buffer.buffer("first")));
        S3Exception second = failure(client.putObject(BUCKET, "once.txt", create, Buffer.buffer("second")));
        assertEquals(S3Exception.Code.PRECONDITION_FAILED, second.code());
        assertEquals("PreconditionFailed", second.s3Code());
        assertEquals("first", await(await(client.getObject(BUCKET, "once.txt", Map.of())).readAll(100)).toString());
    }

    /** Replacing exactly the version that was checked: a write in between makes the replacement fail. */
    @Test
    void ifMatchReplacesOnlyTheVersionThatWasChecked() throws Exception {
        S3DataClient.PutResult v1 = await(client.putObject(BUCKET, "versioned.txt", ObjectWrite.of("text/plain"),
                Buffer.buffer("v1")));
        await(client.putObject(BUCKET, "versioned.txt", ObjectWrite.of("text/plain").replacing(v1.etag()),
                Buffer.buffer("v2")));
        assertEquals(S3Exception.Code.PRECONDITION_FAILED, failure(client.putObject(BUCKET, "versioned.txt",
                ObjectWrite.of("text/plain").replacing(v1.etag()), Buffer.buffer("v3"))).code(), "v1 is gone");

        String v2 = await(client.headObject(BUCKET, "versioned.txt")).etag();
        ObjectWrite replaceV2 = ObjectWrite.of("text/plain").replacing(v2);
        String id = await(client.createMultipartUpload(BUCKET, "versioned.txt", replaceV2));
        S3DataClient.UploadedPart part = await(client.uploadPart(BUCKET, "versioned.txt", id, 1, Buffer.buffer("v4")));
        await(client.putObject(BUCKET, "versioned.txt", ObjectWrite.of("text/plain"), Buffer.buffer("v5"))); // meanwhile
        assertEquals(S3Exception.Code.PRECONDITION_FAILED,
                failure(client.completeMultipartUpload(BUCKET, "versioned.txt", id, List.of(part), replaceV2)).code());
        assertEquals("v5", await(await(client.getObject(BUCKET, "versioned.txt", Map.of())).readAll(100)).toString());
        await(client.abortMultipartUpload(BUCKET, "versioned.txt", id));
    }

    /** A large file's create-only write is decided when its parts are joined, atomically. */
    @Test
    void aMultipartCreateOnlyWriteNeverReplacesAnObjectWrittenMeanwhile() throws Exception {
        ObjectWrite create = new ObjectWrite("text/plain", Map.of(), true);
        String id = await(client.createMultipartUpload(BUCKET, "race.txt", create));
        S3DataClient.UploadedPart part = await(client.uploadPart(BUCKET, "race.txt", id, 1, Buffer.buffer("mine")));
        await(client.putObject(BUCKET, "race.txt", create, Buffer.buffer("theirs"))); // someone else, first

        S3Exception e = failure(client.completeMultipartUpload(BUCKET, "race.txt", id, List.of(part), create));
        assertEquals(S3Exception.Code.PRECONDITION_FAILED, e.code());
        assertEquals("theirs", await(await(client.getObject(BUCKET, "race.txt", Map.of())).readAll(100)).toString());
        await(client.abortMultipartUpload(BUCKET, "race.txt", id));
    }

    @Test
    void multipartUploadWithPartChecksums() throws Exception {
        byte[] first = random(5 * 1024 * 1024);
        byte[] second = random(123_457);
        String id = await(client.createMultipartUpload(BUCKET, "multi/big.bin", new ObjectWrite("application/octet-stream",
                Map.of("uploader", "x"), false)));
        List<S3DataClient.UploadedPart> parts = new ArrayList<>();
        parts.add(await(client.uploadPart(BUCKET, "multi/big.bin", id, 1, Buffer.buffer(first))));
        parts.add(await(client.uploadPart(BUCKET, "multi/big.bin", id, 2, Buffer.buffer(second))));
        assertNotNull(parts.get(0).checksumCrc32c());
        S3DataClient.PutResult done = await(client.completeMultipartUpload(BUCKET, "multi/big.bin", id, parts));
        assertTrue(Etags.unquote(done.etag()).endsWith("-2"), done.etag()); // a multipart ETag names its part count

        ObjectInfo info = await(client.headObject(BUCKET, "multi/big.bin"));
        assertEquals(first.length + second.length, info.size());
        assertEquals("x", info.metadata().get("uploader"));
        byte[] all = await(await(client.getObject(BUCKET, "multi/big.bin", Map.of())).readAll(10 << 20)).getBytes();
        assertArrayEquals(first, java.util.Arrays.copyOfRange(all, 0, first.length));
        assertArrayEquals(second, java.util.Arrays.copyOfRange(all, first.length, all.length));
    }

    @Test
    void anAbortedUploadLeavesNothing() throws Exception {
        String id = await(client.createMultipartUpload(BUCKET, "aborted.bin", ObjectWrite.of("application/octet-stream")));
        S3DataClient.UploadedPart part = await(client.uploadPart(BUCKET, "aborted.bin", id, 1, Buffer.buffer(random(1000))));
        await(client.abortMultipartUpload(BUCKET, "aborted.bin", id));

        assertEquals(S3Exception.Code.NO_SUCH_UPLOAD,
                failure(client.completeMultipartUpload(BUCKET, "aborted.bin", id, List.of(part))).code());
        assertEquals(S3Exception.Code.NO_SUCH_KEY, failure(client.headObject(BUCKET, "aborted.bin")).code());
        await(client.abortMultipartUpload(BUCKET, "aborted.bin", id)); // twice: already gone is fine
    }

    /** The bytes change after their checksum was taken (corruption on the way): the S3 server refuses them. */
    @Test
    void aCorruptedBodyIsRefusedByTheS3Server() throws Exception {
        byte[] bytes = random(200_000);
        int crc = S3DataClient.crc32cOf(Buffer.buffer(bytes));
        bytes[100_000] ^= 0x01; // one bit flipped

        S3Exception put = failure(client.putObject(BUCKET, "corrupt.bin", ObjectWrite.of("application/octet-stream"),
                Buffer.buffer(bytes), crc));
        assertEquals(S3Exception.Code.BAD_DIGEST, put.code());
        assertEquals("BadDigest", put.s3Code());
        assertEquals(S3Exception.Code.NO_SUCH_KEY, failure(client.headObject(BUCKET, "corrupt.bin")).code(),
                "nothing stored");

        String id = await(client.createMultipartUpload(BUCKET, "corrupt-part.bin", ObjectWrite.of("application/octet-stream")));
        S3Exception part = failure(client.uploadPart(BUCKET, "corrupt-part.bin", id, 1, Buffer.buffer(bytes), crc));
        assertEquals(S3Exception.Code.BAD_DIGEST, part.code());
        await(client.abortMultipartUpload(BUCKET, "corrupt-part.bin", id));

        // the same bytes with their own checksum are stored
        await(client.putObject(BUCKET, "corrupt.bin", ObjectWrite.of("application/octet-stream"), Buffer.buffer(bytes)));
        assertEquals(bytes.length, await(client.headObject(BUCKET, "corrupt.bin")).size());
    }

    @Test
    void streamsAFileOfKnownLength() throws Exception {
        byte[] bytes = random(3 * 1024 * 1024 + 17);
        Path file = dir.resolve("spooled.bin");
        Files.write(file, bytes);
        AsyncFile in = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)));
        await(client.putObject(BUCKET, "streamed.bin", ObjectWrite.of("application/octet-stream"), in, bytes.length,
                S3DataClient.crc32cOf(Buffer.buffer(bytes))));
        assertArrayEquals(bytes, await(await(client.getObject(BUCKET, "streamed.bin", Map.of())).readAll(4 << 20)).getBytes());
    }

    @Test
    void missingBucketsAndKeysAreTyped() {
        S3Exception noBucket = failure(client.getObject("no-such-bucket", "x", Map.of()));
        assertEquals(S3Exception.Code.NO_SUCH_BUCKET, noBucket.code());
        assertEquals(404, noBucket.status());
        assertEquals(S3Exception.Code.NO_SUCH_KEY, failure(client.getObject(BUCKET, "no/such/key", Map.of())).code());
        assertEquals(S3Exception.Code.NO_SUCH_BUCKET,
                failure(client.putObject("no-such-bucket", "x", ObjectWrite.of("text/plain"), Buffer.buffer("x"))).code());
    }

    @Test
    void wrongCredentialsAreAConfigurationErrorNotTheCallers() {
        S3DataClient wrong = client(S3Credentials.of(ACCESS, "not-the-secret"), Duration.ofSeconds(10));
        try {
            S3Exception e = failure(wrong.putObject(BUCKET, "x", ObjectWrite.of("text/plain"), Buffer.buffer("x")));
            assertEquals(S3Exception.Code.ACCESS_DENIED, e.code());
            assertEquals(502, e.status());
        } finally {
            wrong.close();
        }
    }

    /** S3Proxy implements no STS, and refuses a session token with NotImplemented: which shows it was sent. */
    @Test
    void aSessionTokenTravelsWithTheRequest() {
        S3DataClient temporary = client(new S3Credentials(ACCESS, SECRET, "session-token"), Duration.ofSeconds(10));
        try {
            S3Exception e = failure(temporary.headObject(BUCKET, "anything"));
            assertEquals(501, e.s3Status());
            assertEquals(S3Exception.Code.NOT_IMPLEMENTED, e.code());
        } finally {
            temporary.close();
        }
    }

    @Test
    void aPresignedUrlIsAcceptedAndATamperedOneIsNot() throws Exception {
        await(client.putObject(BUCKET, "signed/ü.txt", ObjectWrite.of("text/plain"), Buffer.buffer("presigned")));
        String url = s3.endpoint() + client.objectPath(BUCKET, "signed/ü.txt") + "?"
                + client.presignedQuery(HttpMethod.GET, BUCKET, "signed/ü.txt", Duration.ofMinutes(5));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("presigned", ok.body());
        String tampered = url.replace("X-Amz-Expires=300", "X-Amz-Expires=301");
        assertNotEquals(url, tampered);
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** A reader that pauses longer than the idle timeout (a slow browser) is not a stalled server. */
    @Test
    void aPausedReaderDoesNotTimeOut() throws Exception {
        byte[] bytes = random(2 * 1024 * 1024);
        await(client.putObject(BUCKET, "slow-reader.bin", ObjectWrite.of("application/octet-stream"), Buffer.buffer(bytes)));
        S3DataClient quick = client(S3Credentials.of(ACCESS, SECRET), Duration.ofMillis(300));
        try {
            S3Object object = await(quick.getObject(BUCKET, "slow-reader.bin", Map.of()));
            Promise<Buffer> read = Promise.promise();
            Buffer body = Buffer.buffer();
            object.pause();
            object.handler(body::appendBuffer).exceptionHandler(read::tryFail).endHandler(v -> read.tryComplete(body));
            vertx.setTimer(1000, t -> object.resume()); // paused for three idle timeouts
            assertArrayEquals(bytes, await(read.future()).getBytes());
        } finally {
            quick.close();
        }
    }

    @Test
    void anUnreachableServerIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        S3DataClient nowhere = new S3DataClient(vertx, new S3DataClient.Options("http://127.0.0.1:" + port, "us-east-1",
                () -> S3Credentials.of(ACCESS, SECRET), Duration.ofSeconds(2), Duration.ofSeconds(2), 4, Integrity.CRC32C));
        try {
            S3Exception e = failure(nowhere.headObject(BUCKET, "x"));
            assertEquals(S3Exception.Code.CONNECTION_FAILED, e.code());
            assertEquals(503, e.status());
            assertTrue(e.isTransient());
        } finally {
            nowhere.close();
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static S3Exception failure(Future<?> future) {
        Exception e = assertThrows(Exception.class, () -> await(future));
        if (e instanceof S3Exception s3e) {
            return s3e;
        }
        throw new AssertionError("expected an S3Exception, got " + e, e);
    }
}
