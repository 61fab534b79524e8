package io.imagepic.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedService;
import io.imagepic.support.Profiles;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.TestServers;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;

/**
 * A client cannot hold the service's resources: one that drips its bytes, or takes too long over a file, is cut
 * off (408); one caller cannot run more than its share of uploads (429); past the memory budget, callers are told
 * to come back (503) instead of queueing. Over raw sockets, so the pace is the test's.
 */
@ResourceLock(PackagedService.REST_ASSURED)
class UploadLimitsPackagedIT {

    @RegisterExtension
    static final PackagedService service = PackagedService.with(Profiles.Site.SETTINGS);

    static final String BUCKET = "limits";
    static final int MiB = 1024 * 1024;

    final MinioClient minio = TestServers.s3().client();

    final URI putObject = URI.create(service.url() + PutObjectRoute.PATH);

    static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopPacer() {
        PACER.shutdownNow();
    }

    @BeforeEach
    void bucket() throws Exception {
        S3Fixtures.bucket(minio, BUCKET);
        S3Fixtures.empty(minio, BUCKET);
    }

    /** One byte now and then keeps a connection out of the idle timeout: the minimum rate ends it. */
    @Test
    void aSlowDripUploadIsCutOff() throws Exception {
        try (Upload drip = new Upload(Tokens.memberWith("write", BUCKET), "drip.png", Images.png(MiB, 1), "")) {
            drip.send(8 * 1024);
            drip.pace(100, 300); // 100 bytes every 300 ms: never idle for the 3 s idle timeout, but 333 B/s
            assertEquals(408, drip.status());
        }
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    /** A client fast enough for the minimum rate still has to finish the file in time. */
    @Test
    void aFileMustArriveBeforeItsDeadline() throws Exception {
        try (Upload slow = new Upload(Tokens.memberWith("write", BUCKET), "slow.png", Images.png(4 * MiB, 2), "")) {
            slow.pace(32 * 1024, 250); // 128 KiB/s: above the 64 KiB/s floor, 32 s for the file
            assertEquals(408, slow.status());
        }
        assertEquals(0, S3Fixtures.count(minio, BUCKET));
    }

    @Test
    void oneCallerRunsAtMostItsShareOfUploads() throws Exception {
        // a caller of its own: the shared member's uploads of the tests before may still be releasing their share
        String token = Tokens.memberWith("write", BUCKET);
        // one after the other: three connections opened at once may be admitted in any order
        try (Upload first = new Upload(token, "1.png", Images.png(MiB, 3), "Expect: 100-continue\r\n")) {
            assertEquals(100, first.status());
            try (Upload second = new Upload(token, "2.png", Images.png(MiB, 4), "Expect: 100-continue\r\n")) {
                assertEquals(100, second.status());
                try (Upload third = new Upload(token, "3.png", Images.png(MiB, 5), "Expect: 100-continue\r\n")) {
                    assertEquals(429, third.status());
                    assertTrue(third.answer().contains("Retry-After: "), third.answer());
                }
                // another caller is not affected
                assertEquals(200, upload(Tokens.memberWith("write", BUCKET), "other.png", Images.png(1000, 6)).statusCode());
            }
        }
    }

    @Test
    void pastTheMemoryBudgetCallersAreToldToComeBack() throws Exception {
        try (Upload large = new Upload(Tokens.memberWith("write", BUCKET), "large.png", Images.png(7 * MiB, 7),
                "Expect: 100-continue\r\n")) {
            assertEquals(100, large.status()); // holds one part: 5 of the 6 MiB
            try (Upload next = new Upload(Tokens.memberWith("write", BUCKET), "next.png", Images.png(2 * MiB, 8),
                    "Expect: 100-continue\r\n")) {
                assertEquals(503, next.status());
                assertTrue(next.answer().contains("Retry-After: "), next.answer());
            }
            assertEquals(200, upload(Tokens.memberWith("write", BUCKET), "small.png", Images.png(100_000, 9)).statusCode(),
                    "what fits is let in");
        }
        // the large upload's client went away: its memory comes back
        String token = Tokens.memberWith("write", BUCKET);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> upload(token, "after.png", Images.png(2 * MiB, 10)).statusCode() == 200);
    }

    HttpResponse<String> upload(String token, String name, byte[] bytes) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(putObject).timeout(Duration.ofSeconds(30))
                .header("content-type", Multipart.contentType()).header("bucket", BUCKET).header("authorization", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().file(name, bytes).bytes())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An upload over a raw socket, sent at the test's pace. */
    final class Upload implements AutoCloseable {
        final Socket socket;
        final byte[] body;
        int sent;
        String answer;

        Upload(String token, String name, byte[] bytes, String extraHeaders) throws IOException {
            body = new Multipart().file(name, bytes).bytes();
            socket = new Socket(putObject.getHost(), putObject.getPort());
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + putObject.getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "authorization: " + token + "\r\nbucket: " + BUCKET + "\r\nContent-Type: " + Multipart.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        synchronized void send(int n) throws IOException {
            int len = Math.min(n, body.length - sent);
            OutputStream out = socket.getOutputStream();
            out.write(body, sent, len);
            out.flush();
            sent += len;
        }

        /** Sends {@code bytes} every {@code millis} from a timer thread, until the end or until the server cuts it off. */
        void pace(int bytes, long millis) {
            PACER.scheduleAtFixedRate(() -> {
                try {
                    if (sent < body.length) {
                        send(bytes);
                    } else {
                        throw new IllegalStateException("done"); // ends the schedule
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("cut off", e); // ends the schedule
                }
            }, 0, millis, TimeUnit.MILLISECONDS);
        }

        /** The status of the first answer line (100 Continue included). */
        int status() throws IOException {
            String line = readLine(socket.getInputStream());
            StringBuilder all = new StringBuilder(line).append("\r\n");
            if (!line.startsWith("HTTP/1.1 100")) {
                for (String h = readLine(socket.getInputStream()); !h.isEmpty(); h = readLine(socket.getInputStream())) {
                    all.append(h).append("\r\n");
                }
            }
            answer = all.toString();
            return Integer.parseInt(line.substring(9, 12));
        }

        String answer() {
            return answer;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
