package io.imagepic.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.s3.EmbeddedS3Server;

/**
 * Runs after {@code mvn package} (failsafe): two instances of the packaged service on one store directory and
 * one S3 server, as two replicas sharing a volume. A token revoked through one is refused by both at once.
 */
class ServiceTokenReplicasIT {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final String ADMIN_PHONE = "13900000000";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> instances = new ArrayList<>();
    private EmbeddedS3Server s3;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : instances) {
            p.destroy();
        }
        for (Process p : instances) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aRevocationThroughOneReplicaIsHonouredByBoth() throws Exception {
        Path dir = Path.of("target/replicas-it", UUID.randomUUID().toString());
        Files.createDirectories(dir);
        s3 = new EmbeddedS3Server(Path.of(System.getProperty("imagepic.s3proxy.jar", "target/s3proxy/s3proxy.jar")),
                dir.resolve("objects"), "it-access", "it-secret-key", 0).start();
        Path store = dir.resolve("users");

        String a = start("a", dir, store);
        String b = start("b", dir, store); // one after the other: the second reuses the first one's JWT keys

        String admin = call(a, "POST", "/imagepic/auth/login", null,
                "{\"phone\":\"" + ADMIN_PHONE + "\",\"upwd\":\"Test_pass1\"}", 200).path("data").path("token").asText();
        JsonNode created = call(b, "POST", "/imagepic/auth/tokens", admin,
                "{\"name\":\"replica-bff\",\"scopes\":[\"read\"]}", 200).path("data");
        String token = created.path("token").asText();
        String id = created.path("id").asText();

        // made through b, known to both
        call(a, "GET", "/imagepic/auth/me", token, null, 200);
        call(b, "GET", "/imagepic/auth/me", token, null, 200);
        call(a, "GET", "/imagepic/bucket/listBuckets", token, null, 200);

        // revoked through a: the very next request is refused by both, no restart, no wait
        call(a, "DELETE", "/imagepic/auth/tokens/" + id, admin, null, 200);
        assertEquals("未满足权限", call(b, "GET", "/imagepic/bucket/listBuckets", token, null, 401).path("msg").asText());
        call(a, "GET", "/imagepic/bucket/listBuckets", token, null, 401);
        call(b, "GET", "/imagepic/auth/me", token, null, 401);
        assertTrue(call(b, "GET", "/imagepic/auth/tokens", admin, null, 200).path("data").findValuesAsText("id").stream()
                .noneMatch(id::equals));
    }

    /** Starts the packaged service on a free port; answers its base URL once it listens. */
    private String start(String name, Path dir, Path store) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: run after `mvn package`");
        Path log = dir.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx160m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                // the management interface (health, metrics) too: two instances cannot share its default port
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-Dimagepic.storage.endpoint=" + s3.endpoint(),
                "-Dimagepic.storage.access-key=it-access", "-Dimagepic.storage.secret-key=it-secret-key",
                "-Dimagepic.state.dir=" + store.toAbsolutePath(),
                "-Dimagepic.admin.phone=" + ADMIN_PHONE, "-Dimagepic.admin.password=Test_pass1",
                "-Dimagepic.auth.bcrypt-cost=4",
                "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        instances.add(p);
        AtomicReference<String> url = new AtomicReference<>();
        await("instance " + name + " listening").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("instance " + name + " exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                url.set("http://127.0.0.1:" + m.group(1));
            }
            return url.get() != null;
        });
        return url.get();
    }

    private JsonNode call(String base, String method, String path, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (token != null) {
            r.header("authorization", token);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + base + path + ": " + response.body());
        return json.readTree(response.body());
    }
}
