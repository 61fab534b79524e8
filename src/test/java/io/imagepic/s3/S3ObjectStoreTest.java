package io.imagepic.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.imagepic.s3.S3DataClient.Integrity;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.imagepic.support.TestServers;
import io.minio.MinioClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** The port's contract against a real S3 server (the JVM's S3Proxy): what each call answers and how it fails. */
class S3ObjectStoreTest {

    static Vertx vertx;
    static S3DataClient data;
    static ObjectStore store;
    static String bucket;

    @BeforeAll
    static void start() {
        TestServers.S3 s3 = TestServers.s3();
        vertx = Vertx.vertx();
        data = new S3DataClient(vertx, new S3DataClient.Options(s3.endpoint(), TestServers.S3.REGION,
                () -> S3Credentials.of(TestServers.S3.ACCESS_KEY, TestServers.S3.SECRET_KEY), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 8, Integrity.CRC32C));
        MinioClient minio = s3.client();
        store = new S3ObjectStore(data, minio, minio);
        bucket = "port-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    }

    @AfterAll
    static void stop() throws Exception {
        data.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bucketsAreMadeListedAndRemovedOnlyWhenEmpty() {
        String name = bucket + "-b";
        assertFalse(store.bucketExists(name));
        store.makeBucket(name);
        assertTrue(store.bucketExists(name));
        assertEquals(S3Exception.Code.BUCKET_EXISTS, assertThrows(S3Exception.class, () -> store.makeBucket(name)).code());
        assertTrue(store.listBuckets().stream().anyMatch(b -> b.name().equals(name) && b.created() != null));
        assertTrue(store.isEmpty(name));
        S3Calls.await(store.put(name, "a.png", ObjectWrite.of("image/png"), Buffer.buffer("png")));
        assertFalse(store.isEmpty(name));
        S3Calls.await(store.delete(name, "a.png"));
        store.removeBucket(name);
        assertFalse(store.bucketExists(name));
        assertEquals(S3Exception.Code.NO_SUCH_BUCKET,
                assertThrows(S3Exception.class, () -> store.list(name, "", true, e -> {
                })).code());
    }

    @Test
    void objectsAreFoundListedAndDeletedOnlyWhileUnchanged() {
        String name = bucket + "-o";
        store.makeBucket(name);
        String etag = S3Calls.await(store.put(name, "dir/a.png",
                new ObjectWrite("image/png", Map.of("uploader", "u1"), false), Buffer.buffer("first"))).etag();
        S3Calls.await(store.put(name, "top.png", ObjectWrite.of("image/png"), Buffer.buffer("top")));

        ObjectInfo info = S3Calls.await(store.head(name, "dir/a.png"));
        assertEquals(5, info.size());
        assertEquals("u1", info.metadata().get("uploader"));
        assertEquals(Optional.empty(), S3Calls.await(store.find(name, "dir/none.png")));
        assertEquals(S3Exception.Code.NO_SUCH_KEY,
                assertThrows(S3Exception.class, () -> S3Calls.await(store.head(name, "dir/none.png"))).code());

        List<ListedObject> flat = new ArrayList<>();
        store.list(name, "", false, flat::add);
        assertEquals(List.of("top.png", "dir/"), flat.stream().map(ListedObject::key).toList());
        assertTrue(flat.get(1).folder());
        List<ListedObject> deep = new ArrayList<>();
        store.list(name, "dir/", true, deep::add);
        assertEquals(1, deep.size());
        assertEquals(Etags.unquote(etag), deep.get(0).etag());

        S3Calls.await(store.put(name, "dir/a.png", ObjectWrite.of("image/png"), Buffer.buffer("second")));
        assertEquals(S3Exception.Code.PRECONDITION_FAILED,
                assertThrows(S3Exception.class, () -> S3Calls.await(store.deleteIfMatch(name, "dir/a.png", etag))).code());
        String now = S3Calls.await(store.head(name, "dir/a.png")).etag();
        S3Calls.await(store.deleteIfMatch(name, "dir/a.png", now));
        assertTrue(S3Calls.await(store.find(name, "dir/a.png")).isEmpty());
        S3Calls.await(store.delete(name, "dir/a.png")); // a missing key: done, as an S3 delete
    }

    @Test
    void aSignedLinkServesTheObjectWithoutKeys() throws Exception {
        String name = bucket + "-p";
        store.makeBucket(name);
        S3Calls.await(store.put(name, "p.png", ObjectWrite.of("image/png"), Buffer.buffer("signed")));
        String url = store.presignGet(name, "p.png", Duration.ofMinutes(5));
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, got.statusCode());
        assertEquals("signed", got.body());
    }
}
