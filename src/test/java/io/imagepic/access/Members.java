package io.imagepic.access;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** HTTP steps of the access tests: buckets, grants, uploads and the read routes, each as a real request. */
final class Members {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Members() {
    }

    static ValidatableResponse grant(String token, String bucket, String phone, String role) {
        return Tokens.as(token).contentType(ContentType.JSON)
                .body(Map.of("bucketName", bucket, "member", phone, "role", role))
                .post("/imagepic/bucket/members").then();
    }

    static ValidatableResponse revoke(String token, String bucket, String phone) {
        return Tokens.as(token).queryParam("bucketName", bucket).queryParam("member", phone)
                .delete("/imagepic/bucket/members").then();
    }

    static ValidatableResponse members(String token, String bucket) {
        return Tokens.as(token).queryParam("bucketName", bucket).get("/imagepic/bucket/members").then();
    }

    static ValidatableResponse listObjects(String token, String bucket) {
        return post(token, "/imagepic/object/listObjects", Map.of("bucketName", bucket));
    }

    static ValidatableResponse object(String token, String route, String bucket, String key) {
        return post(token, "/imagepic/object/" + route, Map.of("bucketName", bucket, "objectName", key));
    }

    static ValidatableResponse signedUrl(String token, String bucket, String key) {
        return post(token, "/imagepic/image/signedUrl", Map.of("bucketName", bucket, "objectName", key));
    }

    static ValidatableResponse image(String token, String bucket, String key) {
        return Tokens.as(token).get("/i/" + bucket + "/" + key).then();
    }

    static ValidatableResponse remove(String token, String bucket, String key) {
        return object(token, "removeObject", bucket, key);
    }

    static ValidatableResponse post(String token, String path, Map<String, ?> body) {
        return (token == null ? given() : Tokens.as(token)).contentType(ContentType.JSON).body(body).post(path).then();
    }

    /** Uploads one PNG named key through putObject; answers status and body. */
    static HttpResponse<String> upload(String token, String bucket, String key) throws Exception {
        byte[] body = new Multipart().file(key, "image/png", Images.png(2_000, key.hashCode())).bytes();
        HttpRequest req = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/imagepic/object/putObject"))
                .timeout(Duration.ofSeconds(30)).header("content-type", Multipart.contentType())
                .header("authorization", token).header("bucket", bucket)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
