package io.imagepic.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.PostgresServer;
import io.imagepic.support.Tokens;
import io.imagepic.support.WebhookReceiver;

/**
 * From files to postgres, as an operator moves: a files instance with accounts, an admin, a disabled account, a
 * service token, a member, a public bucket and a webhook is stopped; {@code java -jar quarkus-run.jar import-state
 * --from
<dir>
} copies its directory into a database (twice: it is idempotent); a replica on the database then logs
 * everyone in with their passwords and honours the token, the admin right, the grant, the policy and the webhook.
 */
class ImportStatePackagedIT {

    static final String ADMIN = "13900000000";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void accountsPasswordsAdminsTokensMembersPoliciesAndWebhooksWorkAfterTheImport() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (PackagedInstances files = PackagedInstances.of(1).property("imagepic.admin.phone", ADMIN)
                .property("imagepic.admin.password", Tokens.PASSWORD).property("imagepic.auth.bcrypt-cost", "4")
                .property("imagepic.access.default", "granted").property("imagepic.notification.webhook-allowed-hosts",
                        "127.0.0.1");
                WebhookReceiver receiver = WebhookReceiver.start()) {
            files.start();
            Instance old = files.get(0);
            String admin = login(old, ADMIN);
            String member = Tokens.randomPhone();
            String off = Tokens.randomPhone();
            for (String phone : new String[] { member, off }) {
                old.call("POST", "/imagepic/auth/admin/register", admin, "{\"email\":\"it@example.com\",\"phone\":\"" + phone
                        + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}", 200);
            }
            old.call("POST", "/imagepic/auth/users/" + off + "/disabled", admin, null, 200);
            old.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"moved\"}", 200);
            old.call("POST", "/imagepic/bucket/members", admin,
                    "{\"bucketName\":\"moved\",\"member\":\"" + member + "\",\"role\":\"write\"}", 200);
            old.call("POST", "/imagepic/policy/setBucketPolicy", admin, "{\"bucketName\":\"moved\",\"policy\":\"public-read\"}",
                    200);
            String token = old.call("POST", "/imagepic/auth/tokens", admin, "{\"name\":\"moved-bff\",\"scopes\":[\"read\"]}",
                    200).path("data").path("token").asText();
            old.call("POST", "/imagepic/notification/webhooks", admin,
                    "{\"url\":\"" + receiver.url("/h") + "\",\"bucket\":\"moved\"}", 200);
            old.sigterm();
            old.awaitExit(Duration.ofSeconds(60));

            PostgresServer pg = PostgresServer.get();
            String db = pg.newDatabase();
            Map<String, String> database = new HashMap<>(Map.of("imagepic.state.backend", "postgres",
                    "quarkus.datasource.reactive.url", pg.reactiveUrl(db), "quarkus.datasource.jdbc.url", pg.jdbcUrl(db),
                    "quarkus.datasource.username", PostgresServer.USER, "imagepic.storage.endpoint", files.s3().endpoint(),
                    "imagepic.storage.access-key", PackagedInstances.S3_ACCESS_KEY,
                    "imagepic.storage.secret-key", PackagedInstances.S3_SECRET_KEY));
            Map<String, String> importer = new HashMap<>(database);
            importer.put("imagepic.state.dir", files.dir().resolve("importer").toString());
            Path log = files.dir().resolve("import.log");
            for (int run = 0; run < 2; run++) {
                assertEquals(0, PackagedInstances.runCommand(importer, log, "import-state", "--from", old.state().toString()),
                        Files.readString(log));
            }
            assertTrue(Files.readString(log).contains("accounts=3"), Files.readString(log));
            assertTrue(Files.readString(log).contains("accounts=0"), "the second run copies nothing again");
            assertTrue(Files.isDirectory(old.state().resolve("users")), "the files stay for a rollback");

            try (PackagedInstances replicas = PackagedInstances.of(1).property("imagepic.auth.bcrypt-cost", "4")
                    .property("imagepic.access.default", "granted")
                    .property("imagepic.notification.webhook-allowed-hosts", "127.0.0.1")) {
                database.forEach(replicas::property);
                replicas.start();
                Instance now = replicas.get(0);
                String newAdmin = login(now, ADMIN);
                assertTrue(now.call("GET", "/imagepic/auth/me", newAdmin, null, 200).path("data").path("admin").asBoolean());
                now.call("GET", "/imagepic/auth/me", admin, null, 200); // issued by the files instance: same key
                assertEquals(403, now.send("POST", "/imagepic/auth/login", null,
                        "{\"phone\":\"" + off + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}").statusCode(), "still disabled");
                now.call("GET", "/imagepic/bucket/listBuckets", token, null, 200);
                String memberToken = login(now, member);
                var uploaded = now.upload(memberToken, "moved", Map.of(),
                        new Multipart().file("after.png", "image/png", Images.png(1_000, 3)));
                assertEquals(200, uploaded.statusCode(), uploaded.body());
                assertEquals(200, now.send("GET", "/i/moved/after.png", null, null).statusCode(), "still public-read");
                WebhookReceiver.Received event = await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.next(Duration.ofSeconds(1)), r -> r != null && new String(r.body())
                                .contains("after.png"));
                assertNotNull(event);
                assertEquals("s3:ObjectCreated:Put", json.readTree(event.body()).path("type").asText());
            }
        }
    }

    private static String login(Instance on, String phone) {
        return on.call("POST", "/imagepic/auth/login", null,
                "{\"phone\":\"" + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}",
                200).path("data").path("token").asText();
    }
}
