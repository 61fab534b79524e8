package io.imagepic.s3;

import static io.imagepic.s3.S3DataClientTest.await;
import static io.imagepic.s3.S3DataClientTest.failure;
import static io.imagepic.s3.S3DataClientTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.imagepic.s3.S3DataClient.Integrity;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** Streams of unknown length into S3Proxy: one PUT or a multipart upload, bounded memory, nothing left on failure. */
class S3StreamUploadTest {

    private static final String ACCESS = TestServers.S3.ACCESS_KEY;
    private static final String SECRET = TestServers.S3.SECRET_KEY;
    private static final String BUCKET = "stream";
    private static final int PART = 5 * 1024 * 1024;

    static TestServers.S3 s3;
    static Vertx vertx;
    static S3DataClient client;

    @BeforeAll
    static void start() throws Exception {
        s3 = TestServers.s3(); // the JVM's one S3Proxy
        S3Fixtures.bucket(s3.client(), BUCKET);
        vertx = Vertx.vertx();
        client = new S3DataClient(vertx, new S3DataClient.Options(s3.endpoint(), "us-east-1",
                () -> S3Credentials.of(ACCESS, SECRET), Duration.ofSeconds(5), Duration.ofSeconds(10), 16, Integrity.CRC32C));
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

    @Test
    void aFileThatFitsInOnePartIsOnePut() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        byte[] bytes = random(300_000);
        Fed fed = feed(memory, "small.bin", ObjectWrite.of("application/octet-stream"), bytes, PART);
        S3StreamUpload.Result result = await(fed.result);
        assertEquals(0, result.parts());
        assertEquals(bytes.length, result.size());
        assertFalse(Etags.unquote(result.put().etag()).contains("-"), "a single PUT's ETag");
        assertArrayEquals(bytes, read("small.bin"));
        assertTrue(fed.maxUsed.get() <= 5 * PartMemory.SLAB, "300 kB takes 5 slabs, not a whole part: " + fed.maxUsed);
        assertEquals(0, memory.reserved(), "everything given back");
        assertEquals(0, memory.slabsOut());
    }

    @Test
    void exactlyOnePartIsStillOnePut() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        byte[] bytes = random(PART);
        assertEquals(0, await(feed(memory, "one-part.bin", ObjectWrite.of("image/png"), bytes, PART).result).parts());
        assertArrayEquals(bytes, read("one-part.bin"));
    }

    @Test
    void aLargerFileIsAMultipartUploadHoldingAtMostTwoParts() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        byte[] bytes = random(2 * PART + 1_234_567);
        Fed fed = feed(memory, "big.bin", new ObjectWrite("image/png", Map.of("uploader", "u1"), false), bytes, PART);
        S3StreamUpload.Result result = await(fed.result);
        assertEquals(3, result.parts());
        assertTrue(Etags.unquote(result.put().etag()).endsWith("-3"), result.put().etag());
        assertArrayEquals(bytes, read("big.bin"));
        ObjectInfo info = await(client.headObject(BUCKET, "big.bin"));
        assertEquals("image/png", info.contentType());
        assertEquals("u1", info.metadata().get("uploader"));
        assertTrue(fed.maxUsed.get() <= 2L * PART, "at most two parts held: " + fed.maxUsed);
        assertEquals(0, memory.reserved());
        assertEquals(0, memory.slabsOut());
    }

    @Test
    void anExactMultipleOfThePartSizeSendsNoEmptyPart() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        byte[] bytes = random(2 * PART);
        assertEquals(2, await(feed(memory, "two-parts.bin", ObjectWrite.of("image/png"), bytes, PART).result).parts());
        assertArrayEquals(bytes, read("two-parts.bin"));
    }

    /** With memory for one part only, the upload does not read ahead: slower, never stuck, never over budget. */
    @Test
    void aBudgetOfOnePartStillCompletes() throws Exception {
        PartMemory memory = new PartMemory(PART);
        byte[] bytes = random(3 * PART + 10);
        Fed fed = feed(memory, "tight.bin", ObjectWrite.of("image/png"), bytes, PART);
        assertEquals(4, await(fed.result).parts());
        assertArrayEquals(bytes, read("tight.bin"));
        assertTrue(fed.maxUsed.get() <= PART, "never more than the budget: " + fed.maxUsed);
        assertEquals(0, memory.reserved());
    }

    @Test
    void pastTheBudgetNoUploadIsAdmitted() {
        PartMemory memory = new PartMemory(PART + PartMemory.SLAB);
        PartMemory.Grant first = memory.tryGrant(PART);
        assertNotNull(first);
        assertNull(memory.tryGrant(PART), "a second whole part does not fit");
        assertNotNull(memory.tryGrant(1000), "a small file still does");
        first.close();
        assertNotNull(memory.tryGrant(PART));
    }

    @Test
    void aCreateOnlyUploadNeverReplacesAnExistingObject() throws Exception {
        await(client.putObject(BUCKET, "taken.bin", ObjectWrite.of("text/plain"), Buffer.buffer("original")));
        ObjectWrite create = new ObjectWrite("image/png", Map.of(), true);
        PartMemory memory = new PartMemory(64L << 20);

        S3Exception small = failure(feed(memory, "taken.bin", create, random(1000), PART).result);
        assertEquals(S3Exception.Code.PRECONDITION_FAILED, small.code());
        Fed big = feed(memory, "taken.bin", create, random(PART + 1000), PART);
        assertEquals(S3Exception.Code.PRECONDITION_FAILED, failure(big.result).code());
        await(big.upload.get().abort(new IllegalStateException("already failed"))); // completes once aborted

        assertEquals("original", new String(read("taken.bin")));
        assertNotNull(await(big.upload.get().uploadId()), "it was a multipart upload");
        assertEquals(0, incompleteUploads("taken.bin"), "its parts are gone");
        assertEquals(0, memory.reserved());
        assertEquals(0, memory.slabsOut());
    }

    /** Whether a write replaced nothing: what spares an upload the clean-up of a previous version's derivatives. */
    @Test
    void aCreateOnlyUploadToAFreeKeySaysItCreatedIt() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        ObjectWrite create = new ObjectWrite("image/png", Map.of(), true);
        assertTrue(await(feed(memory, "free-small.bin", create, random(1000), PART).result).created());
        assertTrue(await(feed(memory, "free-big.bin", create, random(PART + 1000), PART).result).created());
        assertFalse(await(feed(memory, "free-plain.bin", ObjectWrite.of("image/png"), random(1000), PART).result).created(),
                "an unconditional write may have replaced an object");
    }

    @Test
    void anAbortedUploadLeavesNoObjectAndNoParts() throws Exception {
        PartMemory memory = new PartMemory(64L << 20);
        Fed fed = feed(memory, "abandoned.bin", ObjectWrite.of("image/png"), random(PART + PART / 2), PART, false);
        await(fed.fed);
        S3StreamUpload upload = fed.upload.get();
        assertNotNull(await(upload.uploadId()));
        assertEquals(1, incompleteUploads("abandoned.bin"), "part 1 went out");
        await(onContext(fed.context, () -> upload.abort(new IllegalStateException("client went away"))));

        assertEquals(S3Exception.Code.NO_SUCH_KEY, failure(client.headObject(BUCKET, "abandoned.bin")).code());
        assertEquals(0, incompleteUploads("abandoned.bin"));
        assertEquals(0, memory.reserved());
        assertEquals(0, memory.slabsOut());
    }

    // ---------------------------------------------------------------- feeding

    /** An upload fed from a byte array on an event loop, in chunks of random size, honouring back-pressure. */
    record Fed(Context context, AtomicReference<S3StreamUpload> upload, Future<Void> fed, Future<S3StreamUpload.Result> result,
            AtomicLong maxUsed) {
    }

    private Fed feed(PartMemory memory, String key, ObjectWrite write, byte[] bytes, int partSize) {
        return feed(memory, key, write, bytes, partSize, true);
    }

    private Fed feed(PartMemory memory, String key, ObjectWrite write, byte[] bytes, int partSize, boolean end) {
        Context context = vertx.getOrCreateContext();
        AtomicReference<S3StreamUpload> ref = new AtomicReference<>();
        AtomicLong maxUsed = new AtomicLong();
        Promise<Void> fed = Promise.promise();
        Promise<S3StreamUpload.Result> result = Promise.promise();
        context.runOnContext(v -> {
            PartMemory.Grant grant = memory.tryGrant(Math.min(bytes.length, partSize));
            S3StreamUpload upload = new S3StreamUpload(client, BUCKET, key, Future.succeededFuture(write), null, grant,
                    partSize);
            ref.set(upload);
            upload.result().onComplete(result);
            new Runnable() {
                int position;

                @Override
                public void run() {
                    while (position < bytes.length && !upload.writeQueueFull()) {
                        int n = Math.min(bytes.length - position, 1 + ThreadLocalRandom.current().nextInt(96 * 1024));
                        upload.write(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, position, position + n)));
                        position += n;
                        maxUsed.accumulateAndGet(grant.used(), Math::max);
                    }
                    if (position < bytes.length) {
                        upload.drainHandler(d -> run());
                        return;
                    }
                    fed.tryComplete();
                    if (end) {
                        upload.end();
                    }
                }
            }.run();
        });
        return new Fed(context, ref, fed.future(), result.future(), maxUsed);
    }

    private static <T> Future<T> onContext(Context context, java.util.function.Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    /** Multipart uploads of this key that were neither completed nor aborted (asked through the MinIO SDK). */
    private static int incompleteUploads(String key) throws Exception {
        io.minio.MinioAsyncClient sdk = io.minio.MinioAsyncClient.builder().endpoint(s3.endpoint())
                .credentials(ACCESS, SECRET).region("us-east-1").build();
        return sdk.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, key, null, null, null)
                .get(30, TimeUnit.SECONDS).result().uploads().size();
    }

    private static byte[] read(String key) throws Exception {
        return await(await(client.getObject(BUCKET, key, Map.of())).readAll(64L << 20)).getBytes();
    }
}
