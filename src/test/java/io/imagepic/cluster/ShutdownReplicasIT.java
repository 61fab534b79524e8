package io.imagepic.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

/**
 * SIGTERM while 8 uploads are in flight (a rolling update, a node drain): readiness goes DOWN at once, new
 * uploads get 503 with Retry-After, the event stream gets "reconnect" and ends, the 8 uploads finish (or fail
 * cleanly with 503), none hangs, and neither a partial object nor a spool file is left.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ShutdownReplicasIT {

    static final String ADMIN_PHONE = "13900000000";
    static final int SIZE = 1_000_000;
    static final int FIRST = 64 * 1024;
    // hash-named files that fit in one part (5 MiB) wait in memory: these are larger, so they are spooled
    static final int HASHED_SIZE = 7_000_000;
    static final int HASHED_FIRST = 6_000_000;

    @RegisterExtension
    final PackagedInstances replicas = PackagedInstances.of(1)
            .property("imagepic.admin.phone", ADMIN_PHONE)
            .property("imagepic.admin.password", Tokens.PASSWORD)
            .property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.cluster.shutdown.drain-delay", "3s")
            .property("imagepic.cluster.shutdown.grace", "30s");

    @Test
    void sigtermDuringEightUploadsLosesNoneAndLeavesNothingHalfDone() throws Exception {
        Instance one = replicas.get(0);
        String admin = one.login(ADMIN_PHONE, Tokens.PASSWORD);
        one.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"rep-drain\"}", 200);

        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (SseClient listener = SseClient.open(one.url(), "/imagepic/notification/listen", admin).awaitReady()) {
            for (int i = 0; i < 8; i++) {
                boolean hashed = i % 2 == 0; // hash naming spools a file larger than a part
                byte[] png = Images.png(hashed ? HASHED_SIZE : SIZE, i);
                Map<String, String> headers = Map.of("naming", hashed ? "hash" : "original");
                Multipart body = new Multipart().file("file", "filename=\"u" + i + ".png\"", "image/png",
                        new HeldStream(png, hashed ? HASHED_FIRST : FIRST, go, started), png.length);
                uploads.add(CompletableFuture.supplyAsync(() -> one.upload(admin, "rep-drain", headers, body), clients));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> started.get() == 8); // all 8 sending their bytes
            // the 4 hash-named uploads are in flight in the service: each is spooling its file
            await().atMost(Duration.ofSeconds(60)).until(() -> spoolFiles(one) == 4);

            one.sigterm();
            await().atMost(Duration.ofSeconds(10)).until(() -> one.readiness().equals(Optional.of(503)));
            HttpResponse<String> refused = one.upload(admin, "rep-drain", Map.of(),
                    new Multipart().file("late.png", "image/png", Images.png(1_000, 99)));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());

            SseClient.Frame last = listener.nextEvent(Duration.ofSeconds(10));
            assertEquals("reconnect", last.event());
            assertTrue(listener.ended(Duration.ofSeconds(10)), "the stream ends after reconnect");

            // Past the drain delay the port would close; Quarkus now waits (up to the grace) for what is in flight.
            await().atMost(Duration.ofSeconds(30)).until(() -> one.log().contains("Waiting for HTTP requests to complete"));
            go.countDown();
            for (int i = 0; i < uploads.size(); i++) {
                HttpResponse<String> r = uploads.get(i).get(90, TimeUnit.SECONDS); // none hangs
                if (i % 2 == 0) {
                    assertEquals(200, r.statusCode(), "in flight at SIGTERM, so the grace lets it finish: " + r.body());
                } else if (r.statusCode() != 200) { // may have reached the service only after SIGTERM
                    assertEquals(503, r.statusCode(), r.body());
                    assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
                }
            }
        } finally {
            go.countDown();
            clients.shutdownNow();
        }
        one.awaitExit(Duration.ofSeconds(60));

        long ok = uploads.stream().filter(u -> u.join().statusCode() == 200).count();
        MinioClient s3 = MinioClient.builder().endpoint(replicas.s3().endpoint())
                .credentials(PackagedInstances.S3_ACCESS_KEY, PackagedInstances.S3_SECRET_KEY).build();
        int objects = 0;
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket("rep-drain").recursive(true).build())) {
            Item item = r.get();
            assertTrue(item.size() == SIZE || item.size() == HASHED_SIZE, "partial object " + item.objectName());
            objects++;
        }
        assertEquals(ok, objects, "one complete object per successful upload, nothing else");
        assertEquals(0, spoolFiles(one), "spool files left behind");
    }

    private static long spoolFiles(Instance i) throws IOException {
        if (!Files.isDirectory(i.spool())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(i.spool())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spool")).count();
        }
    }

    /** A file body that sends its first bytes, then waits for the test before it sends the rest. */
    static final class HeldStream extends InputStream {
        private final byte[] bytes;
        private final int first;
        private final CountDownLatch go;
        private final AtomicInteger started;
        private int pos;

        HeldStream(byte[] bytes, int first, CountDownLatch go, AtomicInteger started) {
            this.bytes = bytes;
            this.first = first;
            this.go = go;
            this.started = started;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= bytes.length) {
                return -1;
            }
            if (pos == first) {
                started.incrementAndGet();
                try {
                    if (!go.await(120, TimeUnit.SECONDS)) {
                        throw new IOException("test never released the upload");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            int limit = pos < first ? first : bytes.length;
            int n = Math.min(len, limit - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
