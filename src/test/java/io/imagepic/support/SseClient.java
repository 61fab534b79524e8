package io.imagepic.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.restassured.RestAssured;

/**
 * A real Server-Sent Events client for tests: reads the stream on its own thread and queues each
 * frame (an event, or a ': comment' line) so a test can wait for the next one with a timeout.
 */
public final class SseClient implements AutoCloseable {

    /** One frame: a comment, or an event with its name (null = "message"), id and data. */
    public record Frame(String comment, String event, String id, String data) {
        public boolean isComment() {
            return comment != null;
        }
    }

    private static final Frame END = new Frame(null, "<end>", null, null);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path?query} on the service under test; {@code token} may be null. */
    public static SseClient open(String pathAndQuery, String token) throws Exception {
        return open("http://127.0.0.1:" + RestAssured.port, pathAndQuery, token);
    }

    /** Opens {@code path?query} on the instance at baseUrl (e.g. one of several packaged instances). */
    public static SseClient open(String baseUrl, String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Accept", "text/event-stream");
        if (token != null) {
            req.header("authorization", token);
        }
        return new SseClient(HTTP.send(req.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    public int status() {
        return response.statusCode();
    }

    /** The next frame, comments included; fails the test after the timeout. */
    public Frame next(Duration timeout) throws InterruptedException {
        Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no SSE frame within " + timeout);
        }
        return f;
    }

    /** The next event, skipping heartbeat comments. */
    public Frame nextEvent(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (;;) {
            Frame f = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (!f.isComment()) {
                return f;
            }
        }
    }

    /** Waits for the comment the service sends once the listener is subscribed. */
    public SseClient awaitReady() throws InterruptedException {
        Frame f = next(Duration.ofSeconds(10));
        if (!"ready".equals(f.comment())) {
            throw new AssertionError("expected ': ready', got " + f);
        }
        return this;
    }

    /** No event (comments aside) arrives within the time. */
    public boolean quietFor(Duration time) throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        for (;;) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
            if (f != null && !f.isComment()) {
                frames.add(f);
                return false;
            }
        }
    }

    /** True once the server ended the stream. */
    public boolean ended(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = end - System.nanoTime();
            Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                return false;
            }
            if (f == END) {
                return true;
            }
        }
    }

    private void read() {
        String comment = null, event = null, id = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        frames.add(new Frame(null, event, id, data == null ? null : data.toString()));
                    }
                    event = id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                    frames.add(new Frame(comment, null, null, null));
                } else if (line.startsWith("data:")) {
                    String d = value(line);
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                } else if (line.startsWith("event:")) {
                    event = value(line);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (!line.contains(":")) {
                    frames.add(new Frame(null, null, null, line)); // not SSE (an error body): keep it visible
                }
            }
        } catch (Exception e) {
            // closed by the test
        } finally {
            frames.add(END);
        }
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
