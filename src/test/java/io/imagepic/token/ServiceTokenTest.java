package io.imagepic.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.imagepic.state.StateConfig;
import io.imagepic.support.S3Fixtures;
import io.imagepic.support.S3ProxyResource;
import io.imagepic.support.Tokens;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class ServiceTokenTest {

    @Inject
    MinioClient minio;

    @Inject
    StateConfig state;

    @Test
    void onlySignedInAdminsCreateTokens() {
        String body = "{\"name\":\"bff\",\"scopes\":[\"read\"]}";
        given().contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then().statusCode(401)
                .body("code", equalTo("-1")).body("msg", equalTo("未满足权限"));
        Tokens.as(Tokens.member()).contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then()
                .statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(Tokens.member()).get("/imagepic/auth/tokens").then().statusCode(403);

        String admin = Tokens.admin();
        String adminId = Tokens.as(admin).get("/imagepic/auth/me").then().extract().path("data.id");
        String expiresAt = Instant.now().plus(java.time.Duration.ofDays(90)).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .toString(); // within imagepic.tokens.max-lifetime
        Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"shop-bff\",\"scopes\":[\"upload\",\"read\"],\"buckets\":[\"shop-b\",\"shop-a\"],\"expiresAt\":\""
                        + expiresAt + "\"}")
                .post("/imagepic/auth/tokens").then().statusCode(200)
                .body("code", equalTo("0")).body("success", equalTo(true))
                .body("data.token", startsWith(ServiceTokens.PREFIX))
                .body("data.name", equalTo("shop-bff"))
                .body("data.owner.id", equalTo(adminId)).body("data.owner.name", equalTo(Tokens.ADMIN_PHONE))
                .body("data.scopes", containsInAnyOrder("upload", "read"))
                .body("data.buckets", equalTo(List.of("shop-a", "shop-b")))
                .body("data.expiresAt", equalTo(expiresAt));

        // a service token, even with the admin scope, cannot mint or list tokens: only people can
        String adminScoped = Tokens.service("ops-bot", "\"admin\",\"read\"", null);
        Tokens.as(adminScoped).contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then()
                .statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(adminScoped).get("/imagepic/auth/tokens").then().statusCode(403);
    }

    @Test
    void invalidRequestsAre400AndCreateNothing() {
        String admin = Tokens.admin();
        int before = list(admin).size();
        for (String body : new String[] {
                "{\"scopes\":[\"read\"]}",
                "{\"name\":\"bad name\",\"scopes\":[\"read\"]}",
                "{\"name\":\"" + "n".repeat(65) + "\",\"scopes\":[\"read\"]}",
                "{\"name\":\"3b377e14-f1e4-4b74-87a7-dc03d71f0f30\",\"scopes\":[\"read\"]}",
                "{\"name\":\"bff\"}",
                "{\"name\":\"bff\",\"scopes\":[]}",
                "{\"name\":\"bff\",\"scopes\":[\"root\"]}",
                "{\"name\":\"bff\",\"scopes\":\"read\"}",
                "{\"name\":\"bff\",\"scopes\":[\"read\"],\"buckets\":[]}",
                "{\"name\":\"bff\",\"scopes\":[\"read\"],\"buckets\":[\"Not_A_Bucket\"]}",
                "{\"name\":\"bff\",\"scopes\":[\"read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                "{\"name\":\"bff\",\"scopes\":[\"read\"],\"expiresAt\":\"tomorrow\"}",
                "{\"name\":\"bff\",\"scopes\":[\"read\"]",
                "[]" }) {
            Tokens.as(admin).contentType(ContentType.JSON).body(body).post("/imagepic/auth/tokens").then()
                    .statusCode(400).body("code", equalTo("-1")).body("success", equalTo(false))
                    .body("data.err", notNullValue());
        }
        assertEquals(before, list(admin).size(), "nothing was created");
        Tokens.as(admin).delete("/imagepic/auth/tokens/0123456789abcdef").then().statusCode(404).body("code", equalTo("-1"));
        Tokens.as(admin).delete("/imagepic/auth/tokens/..%2F..%2Fetc").then().statusCode(404);
    }

    @Test
    void aTokenReachesOnlyItsScopesAndBuckets() throws Exception {
        S3Fixtures.bucket(minio, "svc-allowed");
        S3Fixtures.bucket(minio, "svc-other");
        S3Fixtures.put(minio, "svc-allowed", "a.png", new byte[] { 1, 2, 3 }, "image/png");
        S3Fixtures.put(minio, "svc-other", "b.png", new byte[] { 1 }, "image/png");
        String reader = Tokens.service("reader-bff", "\"read\"", "\"svc-allowed\"");

        // within its scope and bucket, raw or Bearer
        statObject(Tokens.as(reader), "svc-allowed", "a.png").statusCode(200).body("data.size", equalTo(3));
        statObject(given().header("authorization", "Bearer " + reader), "svc-allowed", "a.png").statusCode(200);
        Tokens.as(reader).get("/imagepic/bucket/listBuckets").then().statusCode(200)
                .body("data.name", equalTo(List.of("svc-allowed")));

        // a bucket outside its allow-list: 403 on every route naming one
        statObject(Tokens.as(reader), "svc-other", "b.png").statusCode(403)
                .body("msg", equalTo("未满足权限")).body("data.err", containsString("svc-other"));
        for (String route : new String[] { "listObjects", "getObject", "presignedGetObject" }) {
            Tokens.as(reader).header("Accept-Language", "en").contentType(ContentType.JSON)
                    .body("{\"bucketName\":\"svc-other\",\"objectName\":\"b.png\"}").post("/imagepic/object/" + route)
                    .then().statusCode(403).body("data.err", equalTo("the service token may not use bucket svc-other"));
        }

        // outside its scopes: admin routes, removal, anything not mapped to a scope
        Tokens.as(reader).contentType(ContentType.JSON).body("{\"bucketName\":\"svc-new\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(403).body("msg", equalTo("未满足权限"));
        Tokens.as(reader).header("Accept-Language", "en").post("/imagepic/router-probe").then().statusCode(403)
                .body("data.err", equalTo("the service token's scopes do not cover this route"));
        String uploader = Tokens.service("upload-bff", "\"upload\"", "\"svc-allowed\"");
        statObject(Tokens.as(uploader), "svc-allowed", "a.png").statusCode(403)
                .body("data.err", equalTo("令牌的权限范围不包括此操作"));

        // an admin-scoped token administers, within its buckets; nothing is written outside them
        String ops = Tokens.service("ops-bot", "\"admin\"", "\"svc-ops\"");
        Tokens.as(ops).contentType(ContentType.JSON).body("{\"bucketName\":\"svc-ops\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(200);
        Tokens.as(ops).contentType(ContentType.JSON).body("{\"bucketName\":\"svc-ops-2\"}")
                .post("/imagepic/bucket/makeBucket").then().statusCode(403);
        Tokens.as(Tokens.admin()).get("/imagepic/bucket/listBuckets").then()
                .body("data.name", hasItem("svc-ops")).body("data.name", not(hasItem("svc-ops-2")));
        Tokens.as(ops).contentType(ContentType.JSON).body("{\"bucketName\":\"svc-other\"}")
                .post("/imagepic/bucket/removeBucket").then().statusCode(403);
        assertEquals(1, S3Fixtures.count(minio, "svc-other"));

        // the caller a module sees
        Tokens.as(reader).get("/imagepic/auth/me").then().statusCode(200)
                .body("data.id", equalTo("reader-bff")).body("data.name", equalTo("reader-bff"))
                .body("data.service", equalTo(true)).body("data.admin", equalTo(false))
                .body("data.scopes", equalTo(List.of("read"))).body("data.buckets", equalTo(List.of("svc-allowed")));
        Tokens.as(Tokens.member()).get("/imagepic/auth/me").then().statusCode(200)
                .body("data.service", equalTo(false)).body("data.buckets", nullValue())
                .body("data.scopes", containsInAnyOrder("upload", "remove", "read"));
    }

    @Test
    void unknownTamperedAndMalformedTokensAre401() {
        String token = Tokens.service("tamper-bff", "\"read\"", null);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherId = ServiceTokens.PREFIX + "0123456789abcdef" + token.substring(20);
        for (String bad : new String[] { tampered, otherId, ServiceTokens.PREFIX, ServiceTokens.PREFIX + "x", token + "x",
                token.substring(0, 30) }) {
            Tokens.as(bad).get("/imagepic/bucket/listBuckets").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("code", equalTo("-1")).body("msg", equalTo("未满足权限"));
            given().header("authorization", "Bearer " + bad).get("/imagepic/auth/me").then().statusCode(401);
        }
    }

    @Test
    void theListingShowsNoSecretAndTheStoreKeepsOnlyAHash() throws Exception {
        String admin = Tokens.admin();
        String token = Tokens.service("listed-bff", "\"read\",\"remove\"", null);
        String id = token.substring(4, 20);
        ValidatableResponse listing = Tokens.as(admin).get("/imagepic/auth/tokens").then().statusCode(200);
        String body = listing.extract().asString();
        assertFalse(body.contains(token.substring(21)), "no secret in the listing");
        assertFalse(body.contains("secretHash"), "no hash in the listing");
        listing.body("data.find { it.id == '" + id + "' }.name", equalTo("listed-bff"))
                .body("data.find { it.id == '" + id + "' }.owner.name", equalTo(Tokens.ADMIN_PHONE))
                .body("data.find { it.id == '" + id + "' }.scopes", containsInAnyOrder("read", "remove"))
                .body("data.find { it.id == '" + id + "' }.buckets", nullValue())
                .body("data.find { it.id == '" + id + "' }.expiresAt", org.hamcrest.Matchers.notNullValue()) // max-lifetime
                .body("data.find { it.id == '" + id + "' }.expired", equalTo(false))
                .body("data.find { it.id == '" + id + "' }.lastUsedAt", nullValue())
                .body("data.find { it.id == '" + id + "' }", not(hasKey("token")));

        Instant before = Instant.now().minusSeconds(2);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);
        String lastUsed = Tokens.as(admin).get("/imagepic/auth/tokens").then().extract()
                .path("data.find { it.id == '" + id + "' }.lastUsedAt");
        assertTrue(Instant.parse(lastUsed).isAfter(before), lastUsed);

        Path doc = state.dir().resolve("svc_" + id + ".json");
        String stored = Files.readString(doc, StandardCharsets.UTF_8);
        assertFalse(stored.contains(token.substring(21)), "the secret is not stored");
        assertTrue(stored.contains(java.util.HexFormat.of().formatHex(ServiceTokens.sha256(token))), "its SHA-256 is");
        try (Stream<Path> files = Files.list(state.dir())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequest() {
        String admin = Tokens.admin();
        String token = Tokens.service("revoked-bff", "\"read\"", null);
        String id = token.substring(4, 20);
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);

        Tokens.as(admin).delete("/imagepic/auth/tokens/" + id).then().statusCode(200).body("code", equalTo("0"));
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(401).body("msg", equalTo("未满足权限"));
        Tokens.as(token).get("/imagepic/auth/me").then().statusCode(401);
        Tokens.as(admin).get("/imagepic/auth/tokens").then().body("data.id", not(hasItem(id)));
        Tokens.as(admin).delete("/imagepic/auth/tokens/" + id).then().statusCode(404);
        assertFalse(Files.exists(state.dir().resolve("svc_" + id + ".json")));
        assertFalse(Files.exists(state.dir().resolve("svc_" + id + ".used")));
    }

    /** Over HTTP, on the real clock; every instant around the expiry is ServiceTokenLifetimeTest's, on a moved one. */
    @Test
    void anExpiredTokenIsRefused() {
        String admin = Tokens.admin();
        Instant expiry = Instant.now().plusSeconds(2);
        String token = Tokens.as(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"brief-bff\",\"scopes\":[\"read\"],\"expiresAt\":\"" + expiry + "\"}")
                .post("/imagepic/auth/tokens").then().statusCode(200).extract().path("data.token");
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(200);

        await("the token expired").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !Instant.now().isBefore(expiry));
        Tokens.as(token).get("/imagepic/bucket/listBuckets").then().statusCode(401).body("msg", equalTo("未满足权限"));
        String id = token.substring(4, 20);
        Tokens.as(admin).get("/imagepic/auth/tokens").then()
                .body("data.find { it.id == '" + id + "' }.expired", equalTo(true));
    }

    private static ValidatableResponse statObject(io.restassured.specification.RequestSpecification request, String bucket,
            String key) {
        return request.contentType(ContentType.JSON).body("{\"bucketName\":\"" + bucket + "\",\"objectName\":\"" + key + "\"}")
                .post("/imagepic/object/statObject").then();
    }

    private static List<Object> list(String admin) {
        return Tokens.as(admin).get("/imagepic/auth/tokens").then().statusCode(200).extract().path("data");
    }
}
