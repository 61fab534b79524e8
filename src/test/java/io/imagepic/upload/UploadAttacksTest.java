package io.imagepic.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.policy.BucketPolicy;
import io.imagepic.policy.PolicyService;
import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.GetObjectArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Attacks on the upload path, performed over HTTP against the real service and S3Proxy: replacing another
 * member's object (plainly, or by racing its upload), planting a content-addressed key, and a link that a
 * page cannot show. Each fails on the service before these were closed.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class UploadAttacksTest {

    static final String BUCKET = "attacks";
    static final int MiB = 1024 * 1024;

    @Inject
    MinioClient minio;
    @Inject
    PolicyService policies;

    @TestHTTPResource(PutObjectRoute.PATH)
    URI putObject;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String alice;
    static String mallory;
    static String admin;

    @BeforeEach
    void setUp() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
        if (alice == null) {
            alice = Tokens.memberWith("write", BUCKET);
            mallory = Tokens.memberWith("write", BUCKET);
            admin = Tokens.admin();
        }
        policies.set(BUCKET, BucketPolicy.PRIVATE).await().indefinitely();
    }

    @Test
    void aMemberCannotReplaceAnotherMembersObject() throws Exception {
        byte[] mine = Images.png(2000, 1);
        assertEquals(200, upload(alice, "shared.png", mine, Map.of()).status);

        Reply attack = upload(mallory, "shared.png", Images.png(2000, 2), Map.of());
        assertEquals(403, attack.status, attack.body);
        assertArrayEquals(mine, read("shared.png"), "alice's object is untouched");

        byte[] again = Images.png(3000, 3);
        assertEquals(200, upload(alice, "shared.png", again, Map.of()).status, "the uploader may replace it");
        assertArrayEquals(again, read("shared.png"));
        byte[] managed = Images.png(4000, 4);
        assertEquals(200, upload(admin, "shared.png", managed, Map.of()).status, "so may who manages the bucket");
        assertArrayEquals(managed, read("shared.png"));
    }

    /** A member granted manage on the bucket may replace what others uploaded there; a write grant may not. */
    @Test
    void aManageGrantMayReplaceOthersObjects() throws Exception {
        byte[] theirs = Images.png(2000, 21);
        assertEquals(200, upload(mallory, "granted.png", theirs, Map.of()).status);
        String phone = Tokens.randomPhone();
        String manager = Tokens.member(phone);
        Tokens.as(admin).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("bucketName", BUCKET, "member", phone, "role", "write"))
                .post("/imagepic/bucket/members").then().statusCode(200);
        assertEquals(403, upload(manager, "granted.png", Images.png(2000, 22), Map.of()).status);
        Tokens.as(admin).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("bucketName", BUCKET, "member", phone, "role", "manage"))
                .post("/imagepic/bucket/members").then().statusCode(200);
        byte[] managed = Images.png(2000, 23);
        Reply replaced = upload(manager, "granted.png", managed, Map.of());
        assertEquals(200, replaced.status, replaced.body);
        assertArrayEquals(managed, read("granted.png"));
    }

    /**
     * overwrite: false is a promise not to replace: a file created while this upload streams is not replaced
     * either (the old check looked before writing, then wrote over whatever came meanwhile).
     */
    @Test
    void noOverwriteHoldsAgainstAnUploadThatCreatesTheKeyMeanwhile() throws Exception {
        byte[] big = Images.png(7 * MiB, 5);
        byte[] theirs = Images.png(1000, 6);
        Staged slow = stage(alice, "raced.png", big, Map.of("overwrite", "false"));
        assertEquals(200, upload(mallory, "raced.png", theirs, Map.of()).status); // created meanwhile
        Reply late = slow.finish();
        assertEquals(409, late.status, late.body);
        assertArrayEquals(theirs, read("raced.png"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> incompleteUploads("raced.png") == 0);
    }

    /** With overwrite, an object someone else created while this upload streamed is not replaced either. */
    @Test
    void anOverwriteNeverReplacesWhatSomeoneElseCreatedMeanwhile() throws Exception {
        byte[] big = Images.png(7 * MiB, 7);
        byte[] theirs = Images.png(1000, 8);
        Staged slow = stage(alice, "raced-overwrite.png", big, Map.of());
        assertEquals(200, upload(mallory, "raced-overwrite.png", theirs, Map.of()).status);
        Reply late = slow.finish();
        assertEquals(403, late.status, late.body);
        assertArrayEquals(theirs, read("raced-overwrite.png"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> incompleteUploads("raced-overwrite.png") == 0);
    }

    /**
     * A member names a file after the hash of an image someone will upload; the hash upload of that image
     * must not answer the planted object (of another size, or of the same size).
     */
    @Test
    void aPlantedContentAddressedKeyIsNeverAnswered() throws Exception {
        for (int plantedSize : new int[] { 30_000, 50_000 }) {
            S3Fixtures.empty(minio, BUCKET);
            byte[] genuine = Images.png(50_000, 9);
            String name = sha256(genuine).substring(0, 32) + ".png";
            byte[] planted = Images.png(plantedSize, 10);
            assertEquals(200, upload(mallory, name, planted, Map.of("folder", "h")).status);

            Reply victim = upload(alice, "photo.png", genuine, Map.of("folder", "h", "naming", "hash"));
            assertEquals(409, victim.status, victim.body);
            assertArrayEquals(planted, read("h/" + name));
        }
        // the same bytes uploaded twice are still stored once and answered
        S3Fixtures.empty(minio, BUCKET);
        byte[] image = Images.png(60_000, 11);
        Reply first = upload(alice, "a.png", image, Map.of("folder", "h", "naming", "hash"));
        Reply second = upload(mallory, "b.png", image, Map.of("folder", "h", "naming", "hash"));
        assertEquals(200, first.status, first.body);
        assertEquals(200, second.status, second.body);
        assertEquals(first.json.getString("data.key"), second.json.getString("data.key"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    /** The widget shows the image it just uploaded: an <img> sends no token. */
    @Test
    void theAnswersUrlShowsTheImageWithoutAToken() throws Exception {
        byte[] png = Images.png(5000, 12);
        Reply priv = upload(alice, "private.png", png, Map.of());
        assertEquals(200, priv.status, priv.body);
        assertEquals("signed", priv.json.getString("data.urlType"));
        assertTrue(priv.json.getString("data.url").contains("?expires="));
        assertArrayEquals(png, RestAssured.given().get(URI.create(priv.json.getString("data.url"))).then().statusCode(200)
                .extract().asByteArray());

        policies.set(BUCKET, BucketPolicy.PUBLIC_READ).await().indefinitely();
        Reply pub = upload(alice, "public.png", png, Map.of());
        assertEquals("permanent", pub.json.getString("data.urlType"));
        assertNull(pub.json.get("data.urlExpiresAt"));
        assertFalse(pub.json.getString("data.url").contains("?"));
        assertArrayEquals(png, RestAssured.given().get(URI.create(pub.json.getString("data.url"))).then().statusCode(200)
                .extract().asByteArray());
    }

    // ---------------------------------------------------------------- helpers

    record Reply(int status, String body, JsonPath json) {
    }

    Reply upload(String token, String name, byte[] bytes, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(putObject).timeout(Duration.ofSeconds(60))
                .header("content-type", Multipart.contentType()).header("bucket", BUCKET).header("authorization", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file(name, bytes).bytes()));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), JsonPath.from(r.body()));
    }

    /** An upload sent up to its second part: its first part is in S3 (a multipart upload is open) when this returns. */
    Staged stage(String token, String name, byte[] bytes, Map<String, String> headers) throws Exception {
        byte[] body = new Multipart().file(name, bytes).bytes();
        Socket socket = new Socket(putObject.getHost(), putObject.getPort());
        socket.setSoTimeout(60_000);
        StringBuilder head = new StringBuilder("POST " + putObject.getPath() + " HTTP/1.1\r\nHost: localhost\r\n")
                .append("authorization: ").append(token).append("\r\nbucket: ").append(BUCKET)
                .append("\r\nContent-Type: ").append(Multipart.contentType())
                .append("\r\nContent-Length: ").append(body.length).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        int first = 6 * MiB;
        out.write(body, 0, first);
        out.flush();
        await().atMost(60, TimeUnit.SECONDS).until(() -> incompleteUploads(name) > 0);
        return new Staged(socket, body, first);
    }

    record Staged(Socket socket, byte[] body, int sent) {
        Reply finish() throws Exception {
            try (socket) {
                socket.getOutputStream().write(body, sent, body.length - sent);
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(answer.substring(9, 12));
                String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                return new Reply(status, json, JsonPath.from(json));
            }
        }
    }

    int incompleteUploads(String key) throws Exception {
        MinioAsyncClient sdk = MinioAsyncClient.builder().endpoint(endpoint())
                .credentials(S3ProxyResource.ACCESS_KEY, S3ProxyResource.SECRET_KEY).region("us-east-1").build();
        return sdk.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, key, null, null, null)
                .get(30, TimeUnit.SECONDS).result().uploads().size();
    }

    String endpoint() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("imagepic.storage.endpoint", String.class);
    }

    byte[] read(String key) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
