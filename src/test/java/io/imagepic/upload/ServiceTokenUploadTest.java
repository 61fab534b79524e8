package io.imagepic.upload;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imagepic.object.Uploaders;
import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A backend-for-frontend uploading and removing with a service token: within its scopes and buckets only. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ServiceTokenUploadTest {

    static final String BUCKET = "svc-uploads";
    static final String OTHER = "svc-uploads-other";

    @Inject
    MinioClient minio;

    @BeforeEach
    void buckets() throws Exception {
        for (String b : new String[] { BUCKET, OTHER }) {
            S3Fixtures.bucket(minio, b);
            S3Fixtures.empty(minio, b);
        }
    }

    @Test
    void uploadsRecordTheTokensNameAndStayInItsBuckets() throws Exception {
        String bff = Tokens.service("shop-bff", "\"upload\",\"remove\",\"read\"", "\"" + BUCKET + "\"");

        upload(bff, BUCKET, "a.png").statusCode(200).body("code", equalTo("0")).body("data.key", equalTo("a.png"));
        assertEquals("shop-bff", minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object("a.png").build())
                .userMetadata().get(Uploaders.METADATA_KEY), "the token's name is recorded as the uploader");
        Tokens.as(bff).contentType(ContentType.JSON).body(Map.of("bucketName", BUCKET, "objectName", "a.png"))
                .post("/imagepic/object/statObject").then().statusCode(200);

        // another bucket: refused before the body is read, nothing written
        upload(bff, OTHER, "b.png").statusCode(403).body("code", equalTo("-1")).body("msg", equalTo("未满足权限"))
                .body("data.err", containsString(OTHER));
        assertEquals(0, S3Fixtures.count(minio, OTHER));
        S3Fixtures.put(minio, OTHER, "keep.png", Images.png(100, 2), "image/png");
        remove(bff, OTHER, "keep.png").statusCode(403).body("data.err", containsString(OTHER));
        assertEquals(1, S3Fixtures.count(minio, OTHER));

        // its own upload it may remove; a member's it may not, nor may a member remove its upload
        String member = Tokens.memberWith("write", BUCKET);
        upload(member, BUCKET, "member.png").statusCode(200);
        remove(bff, BUCKET, "member.png").statusCode(403);
        remove(member, BUCKET, "a.png").statusCode(403);
        remove(bff, BUCKET, "a.png").statusCode(200).body("code", equalTo("0"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void eachRouteNeedsItsScope() throws Exception {
        String reader = Tokens.service("read-bff", "\"read\"", null);
        String uploader = Tokens.service("upload-bff", "\"upload\"", null);

        upload(reader, BUCKET, "r.png").statusCode(403).body("msg", equalTo("未满足权限"))
                .body("data.err", equalTo("令牌的权限范围不包括此操作"));
        assertEquals(0, S3Fixtures.count(minio, BUCKET));

        upload(uploader, BUCKET, "u.png").statusCode(200);
        remove(uploader, BUCKET, "u.png").statusCode(403).body("data.err", equalTo("令牌的权限范围不包括此操作"));
        assertEquals(1, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void aRevokedTokenUploadsNothing() throws Exception {
        String bff = Tokens.service("gone-bff", "\"upload\"", null);
        Tokens.as(Tokens.admin()).delete("/imagepic/auth/tokens/" + bff.substring(4, 20)).then().statusCode(200);
        upload(bff, BUCKET, "late.png").statusCode(401).body("msg", equalTo("未满足权限"));
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    /**
     * A backend uploads for many people through one token: it runs its own share (set at mint, 64 by default),
     * not a person's (max-per-caller, 8). Before, the ninth upload of a token got 429.
     */
    @Test
    void aBackendRunsItsOwnShareOfUploadsNotAPersons() throws Exception {
        String bff = Tokens.service("many-people-bff", "\"upload\"", null);
        String member = Tokens.memberWith("write", BUCKET); // a person of its own: no earlier upload holds its share
        String narrow = Tokens.as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"narrow-bff\",\"scopes\":[\"upload\"],\"maxConcurrentUploads\":2}")
                .post("/imagepic/auth/tokens").then().statusCode(200).body("data.maxConcurrentUploads", equalTo(2))
                .extract().path("data.token");
        List<Held> held = new CopyOnWriteArrayList<>();
        // admitted uploads send a byte now and then, so none is idle long enough for a 408 while the test opens more
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        drip.scheduleAtFixedRate(() -> held.forEach(Held::drip), 200, 200, TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < 9; i++) {
                Held h = new Held(bff, "bff-" + i + ".png");
                assertEquals(100, h.status(), "the token's upload " + i + " is admitted");
                held.add(h);
            }
            for (int i = 0; i < 8; i++) {
                Held h = new Held(member, "person-" + i + ".png");
                assertEquals(100, h.status(), "the person's upload " + i + " is admitted");
                held.add(h);
            }
            try (Held ninth = new Held(member, "person-8.png")) {
                assertEquals(429, ninth.status(), "a person keeps the per-person limit");
            }
            for (int i = 0; i < 2; i++) {
                Held h = new Held(narrow, "narrow-" + i + ".png");
                assertEquals(100, h.status());
                held.add(h);
            }
            try (Held third = new Held(narrow, "narrow-2.png")) {
                assertEquals(429, third.status(), "a token minted with a limit of 2 keeps it");
            }
            drip.shutdownNow();
            drip.awaitTermination(5, TimeUnit.SECONDS);
            for (Held h : held) {
                assertEquals(200, h.finish(), h.name);
            }
        } finally {
            drip.shutdownNow();
            for (Held h : held) {
                h.close();
            }
        }
        assertEquals(19, S3Fixtures.count(minio, BUCKET));
    }

    /** An upload over a raw socket, admitted (100 Continue) and held open until {@link #finish()} sends its body. */
    static final class Held implements AutoCloseable {
        final String name;
        final Socket socket;
        final byte[] body;
        int sent;

        Held(String token, String name) throws IOException {
            this.name = name;
            this.body = new Multipart().file(name, Images.png(50_000, name.hashCode())).bytes();
            URI uri = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + PutObjectRoute.PATH + " HTTP/1.1\r\nHost: localhost\r\nauthorization: "
                    + token + "\r\nbucket: " + BUCKET + "\r\nContent-Type: " + Multipart.contentType() + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /** The status of the first answer line: 100 when admitted (the empty line after it is read too). */
        int status() throws IOException {
            int status = Integer.parseInt(line().substring(9, 12));
            if (status == 100) {
                line();
            }
            return status;
        }

        /** One more byte of the body. */
        synchronized void drip() {
            try {
                if (sent < body.length - 1) {
                    socket.getOutputStream().write(body[sent++]);
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the test's assertions tell
            }
        }

        /** Sends the rest of the body; the final status. */
        synchronized int finish() throws IOException {
            socket.getOutputStream().write(body, sent, body.length - sent);
            socket.getOutputStream().flush();
            return status();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = socket.getInputStream().read(); b >= 0 && b != '\n'; b = socket.getInputStream().read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static ValidatableResponse upload(String token, String bucket, String name) {
        return Tokens.as(token).header("bucket", bucket).contentType(Multipart.contentType())
                .body(new Multipart().file(name, "image/png", Images.png(2_000, 1)).bytes())
                .post(PutObjectRoute.PATH).then();
    }

    private static ValidatableResponse remove(String token, String bucket, String key) {
        return Tokens.as(token).contentType(ContentType.JSON).body(Map.of("bucketName", bucket, "objectName", key))
                .post("/imagepic/object/removeObject").then();
    }
}
