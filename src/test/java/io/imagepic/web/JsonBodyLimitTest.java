package io.imagepic.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The bodies of JSON routes are capped (imagepic.http.max-json-body, 64 KiB) before they are read: a declared
 * length over it at once, a chunked body as soon as it passes it, answered 413 in the envelope.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class JsonBodyLimitTest {

    static final int CAP = 64 * 1024;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aDeclaredLengthOverTheCapIs413InTheEnvelope() {
        String big = "{\"name\":\"" + "x".repeat(CAP) + "\"}";
        given().contentType(ContentType.JSON).body(big).post("/imagepic/auth/register").then().statusCode(413)
                .body("code", equalTo("-1")).body("msg", equalTo("失败")).body("success", equalTo(false))
                .body("data.err", equalTo("请求体超过65536字节"));
        // any JSON route, not only the account ones
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).header("Accept-Language", "en")
                .body("{\"bucketName\":\"" + "b".repeat(CAP) + "\"}").post("/imagepic/bucket/makeBucket").then()
                .statusCode(413).body("data.err", equalTo("the body is larger than 65536 bytes"));
        // under the cap, the routes read their bodies as before
        Tokens.as(Tokens.admin()).contentType(ContentType.JSON).body("{\"bucketName\":\"capped-ok\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
    }

    @Test
    void aChunkedBodyIsRefusedBeforeItEnds() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /imagepic/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent <= CAP; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // the body never ends (no last chunk): an answer now was given before reading all of it
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"data\":{\"err\":\"请求体超过65536字节\"}"), answer);
            assertTrue(answer.contains("\"msg\":\"失败\""), answer);
        }
    }

    @Test
    void aChunkedBodyUnderTheCapIsReadAsUsual() throws Exception {
        String phone = Tokens.randomPhone();
        byte[] body = ("{\"name\":\"n\",\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /imagepic/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            for (int[] part : new int[][] { { 0, half }, { half, body.length } }) {
                out.write((Integer.toHexString(part[1] - part[0]) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, part[0], part[1] - part[0]);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
        assertEquals(200, given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").post("/imagepic/auth/login")
                .statusCode());
    }

    @Test
    void http2BodiesAreCappedByTheirDeclaredLengthAndSmallOnesStillRead() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(); // h2c upgrade, as the JDK's default
        assertEquals(HttpClient.Version.HTTP_2,
                h2.send(HttpRequest.newBuilder(base.resolve("/imagepic/auth/me")).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .version(),
                "upgraded to HTTP/2");
        String phone = Tokens.randomPhone();
        String small = "{\"email\":\"a@b.cn\",\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}";
        HttpResponse<String> ok = h2.send(post("/imagepic/auth/register", HttpRequest.BodyPublishers.ofString(small)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(HttpClient.Version.HTTP_2, ok.version());
        // without a declared length, too (read by Quarkus REST itself: HTTP/2 bodies are capped by declared length)
        HttpResponse<String> streamed = h2.send(post("/imagepic/auth/login", HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(("{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}")
                        .getBytes(StandardCharsets.UTF_8)))),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, streamed.statusCode(), streamed.body());

        String big = "{\"name\":\"" + "x".repeat(CAP) + "\"}";
        HttpResponse<String> declared = h2.send(post("/imagepic/auth/register", HttpRequest.BodyPublishers.ofString(big)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().contains("请求体超过65536字节"), declared.body());
    }

    private HttpRequest post(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json").POST(body).build();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(20_000); // a hang fails the test instead of blocking it
        return socket;
    }

    /** The status line, headers and body of one answer (until the server closes or the body is complete). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                int headersEnd = text.indexOf("\r\n\r\n");
                if (headersEnd > 0 && text.endsWith("}")) {
                    break; // a whole JSON body
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer: the server waited for the rest of the body: " + got, e);
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
