package io.imagepic.s3;

import static io.imagepic.s3.S3DataClientTest.await;
import static io.imagepic.s3.S3DataClientTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.imagepic.s3.S3DataClient.Integrity;
import io.imagepic.s3.S3DataClient.ObjectWrite;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * What a real S3 server cannot be made to do on cue: stall, stall mid-body, close a pooled connection
 * just as a request goes out. A minimal HTTP server on loopback plays those parts; S3DataClientTest covers
 * the S3 protocol against S3Proxy.
 */
class S3DataClientTransportTest {

    static Vertx vertx;
    FakeServer server;
    S3DataClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Behaviour behaviour) throws IOException {
        server = new FakeServer(behaviour);
        client = new S3DataClient(vertx, new S3DataClient.Options("http://127.0.0.1:" + server.port(), "us-east-1",
                () -> S3Credentials.of("a", "b"), Duration.ofSeconds(5), Duration.ofMillis(400), 4, Integrity.CRC32C));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        start((connection, request, out) -> Next.STALL); // reads the request, answers nothing
        S3Exception e = failure(client.headObject("b", "k"));
        assertEquals(S3Exception.Code.TIMEOUT, e.code());
        assertEquals(503, e.status());
    }

    @Test
    void aServerThatStopsMidBodyFailsTheStream() throws Exception {
        start((connection, request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: image/png\r\n\r\n0123456789")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Next.STALL; // and then nothing
        });
        S3Object object = await(client.getObject("b", "k", Map.of()));
        Promise<Void> ended = Promise.promise();
        object.exceptionHandler(ended::tryFail).endHandler(ended::tryComplete).handler(chunk -> {
        });
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> await(ended.future()));
        assertEquals(S3Exception.Code.TIMEOUT, assertInstanceOf(S3Exception.class, e).code());
    }

    /** The server closes a kept-alive connection just as the next request arrives on it. */
    @Test
    void anIdempotentRequestIsSentAgainWhenItsPooledConnectionWasClosed() throws Exception {
        start(closesFirstConnectionOnItsSecondRequest());
        await(client.headObject("b", "first"));
        ObjectInfo info = await(client.headObject("b", "second"));
        assertEquals(5, info.size());
        assertEquals(List.of("HEAD /b/first", "HEAD /b/second", "HEAD /b/second"), server.requestLines());
        assertEquals(2, server.connections.get());
    }

    @Test
    void aConditionalCreateIsNeverSentTwice() throws Exception {
        start(closesFirstConnectionOnItsSecondRequest());
        await(client.headObject("b", "first"));
        S3Exception e = failure(client.putObject("b", "new", new ObjectWrite("text/plain", Map.of(), true),
                Buffer.buffer("x")));
        assertEquals(S3Exception.Code.CONNECTION_FAILED, e.code());
        assertEquals(List.of("HEAD /b/first", "PUT /b/new"), server.requestLines());
    }

    private static Behaviour closesFirstConnectionOnItsSecondRequest() {
        return (connection, request, out) -> {
            if (connection == 1 && request == 2) {
                return Next.CLOSE; // without a word
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"e\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Next.READ;
        };
    }

    enum Next {
        /** read the next request */
        READ,
        /** keep the connection open, say nothing more */
        STALL,
        /** close the connection */
        CLOSE
    }

    /** Answers (or not) request number {@code request} of connection number {@code connection}, from 1. */
    interface Behaviour {
        Next answer(int connection, int request, OutputStream out) throws IOException;
    }

    static final class FakeServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        final Behaviour behaviour;

        FakeServer(Behaviour behaviour) throws IOException {
            this.behaviour = behaviour;
            Thread t = new Thread(this::accept, "fake-s3-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requestLines() {
            return List.copyOf(lines);
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    open.add(s);
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, n));
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // server closed
            }
        }

        private void serve(Socket s, int connection) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (int request = 1;; request++) {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    String[] parts = line.split(" ");
                    lines.add(parts[0] + " " + parts[1].split("\\?")[0]);
                    long length = 0;
                    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                        if (h.toLowerCase().startsWith("content-length:")) {
                            length = Long.parseLong(h.substring(15).trim());
                        }
                    }
                    in.skipNBytes(length);
                    Next next = behaviour.answer(connection, request, out);
                    if (next == Next.STALL) {
                        holdUntilClosed(in);
                    }
                    if (next != Next.READ) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void holdUntilClosed(InputStream in) throws IOException {
            while (in.read() >= 0) {
                // the client gives up first
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
