package io.imagepic.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.support.Images;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.SseClient;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A listener that stops reading: it gets overflow and is cut off, while changes and other listeners carry on. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class OverflowTest {

    @Inject
    LiveEvents live;

    /** A member who uploads to (and so listens to) the bucket "ovf". */
    static String writer;

    @Test
    void aStalledListenerOverflowsWhileUploadsCarryOn() throws Exception {
        ListenTest.make("ovf");
        writer = Tokens.memberWith("write", "ovf");
        long overflowsBefore = live.overflows();
        try (Socket stalled = new Socket();
                SseClient healthy = SseClient.open("/imagepic/notification/listen", writer).awaitReady()) {
            stalled.setReceiveBufferSize(4096); // a small window: the stall reaches the service quickly
            stalled.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /imagepic/notification/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "authorization: " + writer + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().contains("ready\n")) {
                int b = in.read();
                assertTrue(b >= 0, "stream closed early: " + head);
                head.append((char) b);
            }
            // from now on the stalled listener reads nothing; a member keeps uploading
            List<Long> times = new ArrayList<>();
            byte[] png = Images.png(1_000, 3);
            int events = 0;
            while (live.overflows() == overflowsBefore && events < 2_000) {
                long t = System.nanoTime();
                upload("o", events + ".png", png);
                times.add((System.nanoTime() - t) / 1_000);
                events++;
            }
            // Speed is compared side by side in src/test/bench/notify_bench.py; here the uploads just must go on.
            List<Long> sorted = times.stream().sorted().toList();
            System.out.printf("overflow after %d uploads; upload median %d us, p90 %d us, max %d us%n", events,
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.get(sorted.size() - 1));
            assertTrue(live.overflows() > overflowsBefore, "no overflow after " + events + " events");
            for (int i = 0; i < events; i++) {
                SseClient.Frame f = healthy.nextEvent(Duration.ofSeconds(30));
                assertTrue(f.data().contains("\"o/" + i + ".png\""), "healthy listener missed or reordered: " + f);
            }
            // the changes still work after the overflow
            upload("o", "after.png", png);
            assertTrue(healthy.nextEvent(Duration.ofSeconds(30)).data().contains("\"o/after.png\""));
            // now read what the stalled listener was sent: the overflow event, then the end of the response
            stalled.setSoTimeout(15_000);
            String rest = readUntilEnd(in);
            assertTrue(rest.contains("event:overflow") || rest.contains("event: overflow"), "no overflow event");
            assertTrue(rest.indexOf("overflow") > rest.lastIndexOf(".png"), "overflow is the last event");
        }
        // closing is noticed asynchronously
        await("listeners released").atMost(Duration.ofSeconds(30)).until(() -> live.listeners() == 0);
    }

    static void upload(String folder, String name, byte[] png) {
        Tokens.as(writer).header("bucket", "ovf").header("folder", folder).multiPart("file", name, png, "image/png")
                .post("/imagepic/object/putObject").then().statusCode(200);
    }

    /** Reads the chunked response up to its last chunk (the connection itself may stay open). */
    private static String readUntilEnd(InputStream in) throws Exception {
        StringBuilder s = new StringBuilder();
        byte[] buf = new byte[8192];
        int n;
        while (!s.toString().endsWith("\r\n0\r\n\r\n") && (n = in.read(buf)) >= 0) {
            s.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return s.toString();
    }
}
