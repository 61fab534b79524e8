package io.imagepic.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An ingress on 127.0.0.1 in front of the service under test, as ingress-nginx behaves by default: it passes each
 * request on with {@code X-Forwarded-For} set to the address the client connected from (whatever the client sent in
 * that header is dropped). Clients tell themselves apart by connecting from different loopback addresses
 * ({@link #send} binds to one, e.g. 127.0.0.2 and 127.0.0.3). Requests with a Content-Length body (or none);
 * answers are relayed untouched.
 */
public final class FakeIngress implements AutoCloseable {

    /** An answer: status line's code and the body. */
    public record Answer(int status, String body) {
    }

    private final ServerSocket server;
    private final int servicePort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-ingress");
        t.setDaemon(true);
        return t;
    });

    public FakeIngress(int servicePort) throws IOException {
        this.servicePort = servicePort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Sends one request through the ingress as a client connected from {@code clientAddress} (a loopback address),
     * with a JSON body (or none) and any extra header lines ({@code "Name: value"}); answers its status and body.
     */
    public Answer send(String clientAddress, String method, String path, String json, String... headers)
            throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port()));
            s.setSoTimeout(30_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port()).append("\r\nConnection: close\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\n");
            }
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12)); // "HTTP/1.1 200 ..."
            int end = answer.indexOf("\r\n\r\n");
            return new Answer(status, end < 0 ? "" : answer.substring(end + 4));
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection: each request's head rewritten, its body and the answers relayed. */
    private void forward(Socket client) {
        try (client; Socket upstream = new Socket("127.0.0.1", servicePort)) {
            threads.execute(() -> relay(upstream, client));
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            String clientAddress = client.getInetAddress().getHostAddress();
            for (;;) {
                String head = readHead(in);
                if (head == null) {
                    break;
                }
                long length = 0;
                StringBuilder rewritten = new StringBuilder();
                boolean requestLine = true;
                for (String line : head.split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("x-forwarded-for:") || lower.startsWith("forwarded:")) {
                        continue; // the client's own claim: dropped, as ingress-nginx does
                    }
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                    rewritten.append(line).append("\r\n");
                    if (requestLine) {
                        rewritten.append("X-Forwarded-For: ").append(clientAddress).append("\r\n");
                        requestLine = false;
                    }
                }
                out.write(rewritten.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(in.readNBytes((int) length));
                out.flush();
            }
            upstream.shutdownOutput();
        } catch (IOException e) {
            // either side went away
        }
    }

    /** The head up to the blank line, without it; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0;) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static void relay(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // either side went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
