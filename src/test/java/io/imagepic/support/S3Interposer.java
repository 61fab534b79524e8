package io.imagepic.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A TCP relay on 127.0.0.1 between the service and its S3 server, to make a race happen on cue: when the service
 * sends a request whose bytes contain a given text (say {@code "DELETE /bucket/key "}), a test action runs first
 * (another client's write, say), and only then are those bytes passed on. Everything else is relayed untouched,
 * byte for byte, so signatures stay valid. The S3 server's address is asked for at each connection (it may start
 * after the relay).
 */
public final class S3Interposer implements AutoCloseable {

    private record Cue(byte[] text, Runnable action) {
    }

    private final ServerSocket server;
    private final Supplier<String> target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "s3-interposer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Cue> cue = new AtomicReference<>();

    /** @param target the S3 server's base URL, e.g. {@code http://127.0.0.1:9000}, asked at each connection */
    public S3Interposer(Supplier<String> target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** The relay's base URL, to give the service as its S3 endpoint. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Once the service sends {@code text}, runs {@code action} before passing those bytes on (once). */
    public void before(String text, Runnable action) {
        cue.set(new Cue(text.getBytes(StandardCharsets.US_ASCII), action));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        URI s3 = URI.create(target.get());
        try (client; Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(s3.getHost(), s3.getPort()));
            threads.execute(() -> copy(upstream, client, false));
            copy(client, upstream, true);
        } catch (IOException e) {
            // either side went away
        }
    }

    private void copy(Socket from, Socket to, boolean watch) {
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[0]; // the end of what went before, for a text split across two reads
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0;) {
                Cue c = watch ? cue.get() : null;
                if (c != null) {
                    byte[] seen = new byte[tail.length + n];
                    System.arraycopy(tail, 0, seen, 0, tail.length);
                    System.arraycopy(buffer, 0, seen, tail.length, n);
                    if (indexOf(seen, c.text()) >= 0 && cue.compareAndSet(c, null)) {
                        c.action().run(); // the request cannot be answered before its bytes arrive
                    }
                    int keep = Math.min(seen.length, c.text().length - 1);
                    tail = new byte[keep];
                    System.arraycopy(seen, seen.length - keep, tail, 0, keep);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        threads.shutdownNow();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
