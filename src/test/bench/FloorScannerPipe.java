import io.imagepic.upload.MultipartScanner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

/**
 * The bare pipe of FloorPipe.java with the service's own multipart scanner instead of Vert.x's decoder: what
 * the scanner costs without the service around it (run by hand through data-path-bench.sh, never in CI).
 * Usage (compiled with FloorPipe.java by data-path-bench.sh): java -cp
 * 'classes:target/quarkus-app/lib/main/*:target/quarkus-app/app/*' FloorScannerPipe port s3Endpoint accessKey secretKey
 * [maxChunkSize]
 */
public class FloorScannerPipe {

    public static void main(String[] args) throws Exception {
        java.net.URI s3 = java.net.URI.create(args[1]);
        FloorPipe.s3Host = s3.getHost();
        FloorPipe.s3Port = s3.getPort();
        FloorPipe.accessKey = args[2];
        FloorPipe.secretKey = args[3];
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(args[0]))
                .setTcpNoDelay(true);
        if (chunk > 0) {
            options.setMaxChunkSize(chunk);
        }
        vertx.createHttpServer(options).requestHandler(req -> handle(client, req)).listen()
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("FloorScannerPipe on " + args[0] + (chunk > 0 ? ", max chunk " + chunk : ""));
    }

    /** One file part, its slices written to an UNSIGNED-PAYLOAD PUT as the scanner hands them out. */
    static void handle(HttpClient client, HttpServerRequest req) {
        long length = Long.parseLong(req.getHeader("x-file-length"));
        String boundary = MultipartScanner.boundary(req.getHeader("content-type"));
        req.pause();
        FloorPipe.put(client, req.path(), length).onSuccess(up -> {
            FloorPipe.answer(req, up);
            MultipartScanner scanner = new MultipartScanner(boundary, new MultipartScanner.Listener() {
                @Override
                public void partStarted(MultipartScanner.PartHead head) {
                }

                @Override
                public void partData(Buffer slice) {
                    up.write(slice);
                    if (up.writeQueueFull()) {
                        req.pause();
                        up.drainHandler(v -> req.resume());
                    }
                }

                @Override
                public void partEnded() {
                    up.end();
                }
            });
            req.handler(b -> {
                try {
                    scanner.feed(b);
                } catch (MultipartScanner.Malformed e) {
                    req.response().setStatusCode(400).end();
                }
            });
            req.resume();
        }).onFailure(e -> req.response().setStatusCode(502).end());
    }
}
