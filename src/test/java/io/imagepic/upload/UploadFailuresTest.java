package io.imagepic.upload;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.emptyArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.InjectS3Proxy;
import io.imagepic.support.Multipart;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What happens when the S3 server or the client goes away in the middle of an upload. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class UploadFailuresTest {

    static final String BUCKET = "failures";
    static final int MiB = 1024 * 1024;

    @Inject
    MinioClient minio;

    @InjectS3Proxy
    TestServers.S3 s3;

    @TestHTTPResource(PutObjectRoute.PATH)
    URI putObject;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String token;

    @org.junit.jupiter.api.BeforeEach
    void login() throws Exception {
        if (token == null) {
            S3Fixtures.bucket(minio, BUCKET);
            token = Tokens.memberWith("write", BUCKET);
        }
    }

    @Test
    void s3DyingMidUploadGivesA503AndLeavesNothing() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
        byte[] png = Images.png(16 * MiB, 1);
        Gate gate = new Gate(new java.io.ByteArrayInputStream(png), 8 * MiB);
        InputStream body = new Multipart().file("file", "filename=\"dead.png\"", "image/png", gate, png.length).stream();
        CompletableFuture<HttpResponse<String>> reply = http.sendAsync(request(body, "original"),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertTrue(gate.reached.await(20, TimeUnit.SECONDS), "client never got 8 MiB out");
        await().atMost(60, TimeUnit.SECONDS).until(() -> incompleteUploads("dead.png") > 0); // part 1 is in S3
        s3.stop();
        gate.open.countDown();
        try {
            // answered within the bound: the S3 request fails at once (connection refused), or after the idle timeout
            HttpResponse<String> r = reply.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode() + " " + r.body(), r.statusCode(), org.hamcrest.Matchers.oneOf(502, 503));
            assertEquals("-1", JsonPath.from(r.body()).getString("code"));
        } finally {
            s3.start();
        }
        assertEquals(0, countAfterRestart());
        // the abort is tried again until the S3 server is back: no part stays behind
        await().atMost(90, TimeUnit.SECONDS).until(() -> incompleteUploads("dead.png") == 0);
        assertSpoolEmpty();
        assertServesAnUpload("after-s3-outage.png");
    }

    @Test
    void clientVanishingMidUploadLeavesNothingAndOthersAreServed() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
        for (String naming : new String[] { "original", "hash" }) {
            abortAfter(12 * MiB, naming, "gone-" + naming + ".png");
            assertServesAnUpload("ok-" + naming + ".png"); // the service keeps serving
            awaitSpoolEmpty();
            assertEquals(1, S3Fixtures.count(minio, BUCKET), naming);
            S3Fixtures.empty(minio, BUCKET);
        }
    }

    @Test
    void aSilentClientGets408AndLeavesNothing() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
        byte[] png = Images.png(8 * MiB, 4);
        Multipart m = new Multipart().file("file", "filename=\"silent.png\"", "image/png",
                new java.io.ByteArrayInputStream(png), png.length);
        InputStream body = m.stream();
        try (Socket socket = new Socket(putObject.getHost(), putObject.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(m.length(), "hash", "").getBytes(StandardCharsets.US_ASCII));
            out.write(body.readNBytes(6 * MiB));
            out.flush();
            // answered within the socket's bound (idle-timeout is 3 s in tests)
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 408", status);
        }
        awaitSpoolEmpty();
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void expectContinueIsAnsweredOnlyWhenTheHeadersPass() throws Exception {
        for (String auth : new String[] { token, "" }) {
            try (Socket socket = new Socket(putObject.getHost(), putObject.getPort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write((head(1000, "original", "Expect: 100-continue\r\n")
                        .replace("authorization: " + token + "\r\n", auth.isEmpty() ? "" : "authorization: " + auth + "\r\n"))
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals(auth.isEmpty() ? "HTTP/1.1 401" : "HTTP/1.1 100", status);
            }
        }
    }

    String head(long length, String naming, String extra) {
        return "POST " + putObject.getPath() + " HTTP/1.1\r\nHost: localhost\r\nauthorization: " + token
                + "\r\nbucket: " + BUCKET + "\r\nnaming: " + naming + "\r\nContent-Type: " + Multipart.contentType()
                + "\r\nContent-Length: " + length + "\r\n" + extra + "\r\n";
    }

    /** Sends the headers and {@code sent} bytes of a 16 MiB file over a raw socket, then drops the connection. */
    void abortAfter(int sent, String naming, String name) throws Exception {
        byte[] png = Images.png(16 * MiB, 2);
        Multipart m = new Multipart().file("file", "filename=\"" + name + "\"", "image/png",
                new java.io.ByteArrayInputStream(png), png.length);
        InputStream body = m.stream();
        try (Socket socket = new Socket(putObject.getHost(), putObject.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + putObject.getPath() + " HTTP/1.1\r\nHost: localhost\r\nauthorization: " + token
                    + "\r\nbucket: " + BUCKET
                    + "\r\nnaming: " + naming + "\r\nContent-Type: " + Multipart.contentType()
                    + "\r\nContent-Length: " + m.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body.readNBytes(sent));
            out.flush();
            if (naming.equals("original")) {
                await().atMost(60, TimeUnit.SECONDS).until(() -> incompleteUploads(name) > 0); // part 1 is in S3
            } else {
                await().atMost(60, TimeUnit.SECONDS).until(() -> spool().length > 0); // past one part: spooled
            }
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> incompleteUploads(name) == 0);
    }

    /** Multipart uploads of this key neither completed nor aborted. */
    int incompleteUploads(String key) throws Exception {
        String endpoint = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("imagepic.storage.endpoint",
                String.class);
        MinioAsyncClient sdk = MinioAsyncClient.builder().endpoint(endpoint)
                .credentials(S3ProxyResource.ACCESS_KEY, S3ProxyResource.SECRET_KEY).region("us-east-1").build();
        return sdk.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, key, null, null, null)
                .get(30, TimeUnit.SECONDS).result().uploads().size();
    }

    /** The first call may land on a pooled connection the old server closed. */
    int countAfterRestart() throws Exception {
        try {
            return S3Fixtures.count(minio, BUCKET);
        } catch (IOException staleConnection) {
            return S3Fixtures.count(minio, BUCKET);
        }
    }

    void assertServesAnUpload(String name) throws Exception {
        HttpResponse<String> ok = http.send(request(new Multipart().file(name, Images.png(1000, 3)).stream(), "original"),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    HttpRequest request(InputStream body, String naming) {
        return HttpRequest.newBuilder(putObject).timeout(Duration.ofSeconds(60))
                .header("content-type", Multipart.contentType()).header("bucket", BUCKET).header("naming", naming)
                .header("authorization", token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
    }

    static void awaitSpoolEmpty() {
        await().atMost(20, TimeUnit.SECONDS).until(() -> spool().length == 0);
    }

    /** Spool files are deleted asynchronously, right after the answer: soon, but maybe not before it. */
    static void assertSpoolEmpty() {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(spool(), emptyArray()));
    }

    static String[] spool() {
        String[] left = new File(ConfigProvider.getConfig().getValue("imagepic.upload.spool-dir", String.class)).list();
        return left == null ? new String[0] : left;
    }

    /** Lets {@code before} bytes through, then blocks until opened. */
    static final class Gate extends InputStream {
        final InputStream in;
        final long before;
        final AtomicLong passed = new AtomicLong();
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        Gate(InputStream in, long before) {
            this.in = in;
            this.before = before;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long p = passed.get();
            if (p >= before) {
                reached.countDown();
                try {
                    // a byte now and then while closed: a slow client, not a silent one (no 408)
                    if (!open.await(200, TimeUnit.MILLISECONDS)) {
                        len = 1;
                    }
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            } else {
                len = (int) Math.min(len, before - p);
            }
            int n = in.read(b, off, len);
            if (n > 0) {
                passed.addAndGet(n);
            }
            return n;
        }
    }
}
