package io.imagepic.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 for tests (the JDK's HTTP server). It records every request, and can be
 * told to fail (HTTP 500) a number of times before it accepts.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received: lower-case headers, raw body, and the status answered. */
    public record Received(Map<String, String> headers, byte[] body, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> accepted = new LinkedBlockingQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final List<String> heldDeliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    /** Pause between the chunks of an endless answer; null: answers end. */
    private volatile Duration endless;
    private final AtomicInteger cutOff = new AtomicInteger();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-receiver-pacer");
        t.setDaemon(true);
        return t;
    });

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            attempts.incrementAndGet();
            CountDownLatch gate = hold;
            if (gate.getCount() > 0) {
                held.incrementAndGet();
                heldDeliveries.add(headers.getOrDefault("x-imagepic-delivery", ""));
                try {
                    gate.await(60, TimeUnit.SECONDS); // the sender waits for an answer (or dies meanwhile)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            if (endless != null) {
                answerWithoutEnd(exchange, endless);
                return;
            }
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            if (status == 204) {
                accepted.add(new Received(headers, body, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        })); // a held request must not hold up the others
        server.start();
    }

    /** From now on requests get no answer until {@link #answer()} (then a 503, not counted as accepted). */
    public WebhookReceiver holdAnswers() {
        hold = new CountDownLatch(1);
        return this;
    }

    /**
     * From now on every request is answered 200 with a body that never ends: 8 KiB chunks as fast as the sender
     * reads them ({@code pause} zero), or one byte per {@code pause} (a trickle that never goes quiet). Until the
     * sender drops the connection, which {@link #cutOffs()} counts.
     */
    public WebhookReceiver answerWithoutEnd(Duration pause) {
        endless = pause;
        return this;
    }

    /** Answers without end that the sender cut off (it closed the connection). */
    public int cutOffs() {
        return cutOff.get();
    }

    private void answerWithoutEnd(HttpExchange exchange, Duration pause) throws IOException {
        exchange.sendResponseHeaders(200, 0); // chunked
        var out = exchange.getResponseBody();
        if (pause.isZero()) {
            byte[] chunk = new byte[8192];
            try {
                for (;;) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                cutOff.incrementAndGet();
                exchange.close();
            }
            return;
        }
        // a trickle: one byte per pause, from the pacer thread, until the write fails
        pacer.scheduleWithFixedDelay(() -> {
            try {
                out.write('.');
                out.flush();
            } catch (IOException e) {
                cutOff.incrementAndGet();
                exchange.close();
                throw new IllegalStateException("cut off", e); // ends the schedule
            }
        }, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends holding: held requests get their 503, later ones are answered normally. */
    public WebhookReceiver answer() {
        hold.countDown();
        return this;
    }

    /** Requests that were held so far. */
    public int held() {
        return held.get();
    }

    /** The delivery ids of the requests that were held, in arrival order. */
    public List<String> heldDeliveries() {
        return List.copyOf(heldDeliveries);
    }

    /** On a free port. */
    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    /** On a given port, e.g. the one a receiver had before a restart. */
    public static WebhookReceiver start(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public WebhookReceiver failNext(int times) {
        failuresLeft.set(times);
        return this;
    }

    /** Requests received so far, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    /** The next accepted (2xx) delivery, or null after the timeout. */
    public Received next(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        hold.countDown();
        pacer.shutdownNow();
        server.stop(0);
    }
}
