package io.imagepic.upload;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code conflict: rename} keeps both: a second upload of a name gets the next free one ({@code name-1.png}), the
 * first object keeps its bytes and ETag, and uploads racing for one name all land, each under its own name,
 * none overwritten. Without the header the seed's semantics stay (replace).
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class UploadConflictTest {

    @Inject
    MinioClient minio;

    @TestHTTPResource(PutObjectRoute.PATH)
    URI putObject;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String bucket;
    static String member;

    @BeforeEach
    void writer() {
        if (bucket != null) {
            return;
        }
        String admin = Tokens.admin();
        String name = "conflicts-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", name)).post("/imagepic/bucket/makeBucket")
                .then().statusCode(200);
        String phone = Tokens.randomPhone();
        member = Tokens.member(phone);
        Tokens.as(admin).contentType(ContentType.JSON).body(Map.of("bucketName", name, "member", phone, "role", "write"))
                .post("/imagepic/bucket/members").then().statusCode(200);
        bucket = name;
    }

    @Test
    void aSecondUploadOfTheSameNameKeepsBoth() throws Exception {
        byte[] first = Images.png(2_000, 1);
        byte[] second = Images.png(3_000, 2);
        byte[] third = Images.png(4_000, 3);
        JsonPath a = upload("demo", "red-sunset.png", first, "rename").json();
        assertEquals("demo/red-sunset.png", a.getString("data.key"));
        String etag = minio.statObject(StatObjectArgs.builder().bucket(bucket).object("demo/red-sunset.png").build()).etag();

        JsonPath b = upload("demo", "red-sunset.png", second, "rename").json();
        assertEquals("demo/red-sunset-1.png", b.getString("data.key"));
        assertEquals("/i/" + bucket + "/demo/red-sunset-1.png", URI.create(b.getString("data.url")).getPath());
        JsonPath c = upload("demo", "red-sunset.png", third, "rename").json();
        assertEquals("demo/red-sunset-2.png", c.getString("data.key"));

        // the first object is untouched: same bytes, same ETag, so links shared before show what they showed
        assertArrayEquals(first, read("demo/red-sunset.png"));
        assertEquals(etag,
                minio.statObject(StatObjectArgs.builder().bucket(bucket).object("demo/red-sunset.png").build()).etag());
        assertArrayEquals(second, read("demo/red-sunset-1.png"));
        assertArrayEquals(third, read("demo/red-sunset-2.png"));
    }

    @Test
    void uploadsRacingForOneNameEachGetTheirOwn() throws Exception {
        int n = 6;
        List<byte[]> images = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(Images.png(1_000 + i, 100 + i));
            answers.add(HTTP.sendAsync(request("race", "burst.png", images.get(i), "rename"),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = answers.get(i).join();
            assertEquals(200, r.statusCode(), r.body());
            String key = JsonPath.from(r.body()).getString("data.key");
            keys.add(key);
            assertArrayEquals(images.get(i), read(key), key); // each under its own name: nothing overwritten
        }
        assertThat(keys, containsInAnyOrder("race/burst.png", "race/burst-1.png", "race/burst-2.png", "race/burst-3.png",
                "race/burst-4.png", "race/burst-5.png"));
    }

    @Test
    void aLargeFileGetsTheFreeNameBeforeItsPartsAreSent() throws Exception {
        byte[] small = Images.png(1_000, 7);
        byte[] large = Images.png(11 * 1024 * 1024, 8); // three parts of 5 MiB: a multipart upload
        assertEquals("big/poster.png", upload("big", "poster.png", small, "rename").json().getString("data.key"));
        assertEquals("big/poster-1.png", upload("big", "poster.png", large, "rename").json().getString("data.key"));
        assertArrayEquals(small, read("big/poster.png"));
        assertArrayEquals(large, read("big/poster-1.png"));
    }

    @Test
    void withoutTheHeaderTheSeedsSemanticsStay() throws Exception {
        byte[] first = Images.png(1_500, 21);
        byte[] second = Images.png(1_600, 22);
        upload("seed", "logo.png", first, null);
        assertEquals("seed/logo.png", upload("seed", "logo.png", second, null).json().getString("data.key"));
        assertArrayEquals(second, read("seed/logo.png")); // replaced, as the seed did
        assertEquals(409, upload("seed", "logo.png", first, "fail").status());
        assertArrayEquals(second, read("seed/logo.png"));
        assertEquals(400, upload("seed", "logo.png", first, "sometimes").status());
    }

    @Test
    void numberedNamesGoBeforeTheExtension() {
        assertEquals("a/red-sunset-1.png", ConditionalWrites.numbered("a/red-sunset.png", "1"));
        assertEquals("a/archive.tar-2.gz", ConditionalWrites.numbered("a/archive.tar.gz", "2"));
        assertEquals("a.b/readme-3", ConditionalWrites.numbered("a.b/readme", "3"));
        assertEquals("-1.png", ConditionalWrites.numbered(".png", "1"));
    }

    record Reply(int status, String body) {
        JsonPath json() {
            assertEquals(200, status, body);
            return JsonPath.from(body);
        }
    }

    private Reply upload(String folder, String name, byte[] png, String conflict) throws Exception {
        HttpResponse<String> r = HTTP.send(request(folder, name, png, conflict),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    private HttpRequest request(String folder, String name, byte[] png, String conflict) {
        HttpRequest.Builder req = HttpRequest.newBuilder(putObject).timeout(Duration.ofSeconds(60))
                .header("content-type", Multipart.contentType()).header("authorization", member).header("bucket", bucket)
                .header("folder", folder);
        if (conflict != null) {
            req.header("conflict", conflict);
        }
        return req.POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file(name, "image/png", png).bytes())).build();
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }
}
