import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of a JVM proxy on the project's Vert.x: the least a Vert.x program can do to move an upload into
 * the S3 server, measured beside the service by data-path-bench.sh (run by hand, never in CI). One process
 * per mode, so each has its own CPU figure:
 * <ul>
 * <li>{@code raw}: any request piped as it is to the S3 server ({@code request.pipeTo(clientRequest)}); the
 * load generator signs it (the Host header is passed through, so the signature holds);</li>
 * <li>{@code multipart}: a multipart/form-data POST to {@code /bucket/key} parsed by Vert.x's decoder
 * ({@code setExpectMultipart} + {@code uploadHandler}), its file piped into an UNSIGNED-PAYLOAD PUT. The
 * file's length comes from an {@code x-file-length} header: a reference may take that short cut, the
 * service may not;</li>
 * </ul>
 * The same pipe with the service's own scanner is FloorScannerPipe.java (it needs the application's jar).
 * Usage (data-path-bench.sh compiles it with javac first): java -cp 'classes:target/quarkus-app/lib/main/*' FloorPipe
 * mode port s3Endpoint accessKey secretKey [maxChunkSize, 0 = Vert.x's default 8 KiB]
 */
public class FloorPipe {

    static String s3Host;
    static int s3Port;
    static String accessKey;
    static String secretKey;
    static final String REGION = "us-east-1";

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        java.net.URI s3 = java.net.URI.create(args[2]);
        s3Host = s3.getHost();
        s3Port = s3.getPort();
        accessKey = args[3];
        secretKey = args[4];
        int chunk = args.length > 5 ? Integer.parseInt(args[5]) : 0;

        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true);
        if (chunk > 0) {
            options.setMaxChunkSize(chunk);
        }
        vertx.createHttpServer(options).requestHandler(req -> {
            switch (mode) {
                case "raw" -> raw(client, req);
                case "multipart" -> multipart(client, req);
                default -> throw new IllegalArgumentException(mode);
            }
        }).listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("FloorPipe " + mode + " on " + port + (chunk > 0 ? ", max chunk " + chunk : ""));
    }

    /** The request as it came (method, path, headers, body), piped into one request to the S3 server. */
    static void raw(HttpClient client, HttpServerRequest req) {
        req.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
        headers.remove("Connection");
        client.request(new RequestOptions().setMethod(req.method()).setHost(s3Host).setPort(s3Port).setURI(req.uri())
                .setHeaders(headers)).onSuccess(up -> {
                    answer(req, up);
                    req.pipeTo(up);
                }).onFailure(e -> req.response().setStatusCode(502).end());
    }

    /** Vert.x's multipart decoder: each file part piped into its own PUT. */
    static void multipart(HttpClient client, HttpServerRequest req) {
        long length = Long.parseLong(req.getHeader("x-file-length"));
        req.setExpectMultipart(true);
        req.uploadHandler(file -> {
            file.pause();
            put(client, req.path(), length).onSuccess(up -> {
                answer(req, up);
                file.pipeTo(up);
            }).onFailure(e -> req.response().setStatusCode(502).end());
        });
    }

    /** An UNSIGNED-PAYLOAD PUT of {@code length} bytes to path (/bucket/key), signed here (SigV4). */
    static io.vertx.core.Future<HttpClientRequest> put(HttpClient client, String path, long length) {
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String day = amzDate.substring(0, 8);
        String host = s3Host + ":" + s3Port;
        String canonical = "PUT\n" + path + "\n\nhost:" + host + "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:"
                + amzDate + "\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD";
        String scope = day + "/" + REGION + "/s3/aws4_request";
        try {
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day), REGION), "s3"),
                    "aws4_request");
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Host", host)
                    .set("x-amz-content-sha256", "UNSIGNED-PAYLOAD").set("x-amz-date", amzDate)
                    .set("Content-Length", Long.toString(length))
                    .set("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                            + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
                            + HexFormat.of().formatHex(hmac(key, toSign)));
            return client.request(new RequestOptions().setMethod(HttpMethod.PUT).setHost(s3Host).setPort(s3Port).setURI(path)
                    .setHeaders(headers));
        } catch (Exception e) {
            return io.vertx.core.Future.failedFuture(e);
        }
    }

    /** The S3 server's answer, passed back once the client's request has been read whole. */
    static void answer(HttpServerRequest req, HttpClientRequest up) {
        up.response().onSuccess(resp -> resp.body().onSuccess(body -> {
            if (req.isEnded()) {
                reply(req, resp.statusCode(), body);
            } else {
                req.endHandler(v -> reply(req, resp.statusCode(), body));
            }
        })).onFailure(e -> {
            if (!req.response().ended()) {
                req.response().setStatusCode(502).end();
            }
        });
    }

    static void reply(HttpServerRequest req, int status, Buffer body) {
        if (!req.response().ended()) {
            req.response().setStatusCode(status).end(body);
        }
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
