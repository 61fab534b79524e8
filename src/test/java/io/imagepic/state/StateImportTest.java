package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imagepic.state.files.FileState;

/**
 * {@link StateImport}: a files backend's directory copied into a postgres database, whole, twice without change
 * (idempotent), the directory left as it was. (The HTTP-level proof, logins and tokens working through a replica
 * after an import, is {@code ImportStatePackagedIT}.)
 */
class StateImportTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void everythingIsCopiedOnceAndTheDirectoryIsLeftAsItWas() throws IOException {
        Path files = dir.resolve("state");
        try (FileState source = new FileState(files, "files", Backends.JSON, Clock.systemUTC())) {
            AccountStore accounts = source.accounts();
            accounts.create(new User("admin-id", "13900000000", "admin", null, null, "$2a$04$hash", 3, NOW, NOW), null);
            accounts.create(new User("member-id", "13800000001", "m", null, null, "$2a$04$other", 1, NOW, NOW), null);
            accounts.create(new User("off-id", "13800000002", "o", null, null, "$2a$04$third", 2, NOW, NOW), null);
            accounts.makeFirstAdmin("admin-id");
            accounts.setDisabled("off-id", true);
            source.invites().create(new Invite("abcd2345", "code-hash", "n", "admin-id", "admin", NOW, NOW.plusSeconds(3600)));
            source.serviceTokens().create(new ServiceToken("0123456789abcdef", "bff", "admin-id", "admin", Set.of("read"),
                    List.of("shop"), NOW, null, "secret-hash"));
            source.members().put(new Membership("shop", "member-id", "13800000001", "write", "admin", NOW));
            source.policies().put("shop", "public-read");
            source.webhookTargets().create(new WebhookTarget("hook-1", "http://127.0.0.1:9/h", "s", "shop", null, null,
                    List.of(), NOW, "admin-id", false));
            source.deliveries().enqueue(List.of(Delivery.of("hook-1", "e1", "s3:ObjectCreated:Put", "{}", NOW)),
                    new DeliveryQueue.Limits(10, 10)).await().indefinitely();
            source.keys().getOrCreate("jwt/privateKey.pem", () -> "pem".getBytes());
            source.keys().getOrCreate("link-signing.key", () -> "bGluaw==".getBytes());
            Instant now = Instant.now(); // the import leaves sessions expired by the real clock behind
            source.refreshTokens().create(new RefreshFamily("fam-kept", "member-id", "13800000001", 1, "h1",
                    List.of("h0"), now, now, now.plusSeconds(86400), now.plusSeconds(864000), "phone"));
            source.refreshTokens().create(new RefreshFamily("fam-expired", "member-id", "13800000001", 1, "x1",
                    List.of(), NOW, NOW, NOW.plusSeconds(60), NOW.plusSeconds(60), "old laptop"));
        }
        Map<Path, String> before = snapshot(files);

        try (Backends.Opened target = Backends.POSTGRES.open(dir.resolve("pg"))) {
            StateEngine to = target.engine;
            StateImport.Report first = StateImport.run(files, to, Backends.JSON);
            assertEquals(new StateImport.Report(3, 2, 1, 1, 1, 1, 1, 1, 2, 1), first);

            assertEquals("$2a$04$hash", to.accounts().find("13900000000").orElseThrow().passwordHash());
            assertEquals(3, to.accounts().credential("13900000000").await().indefinitely().orElseThrow().credentialVersion());
            assertTrue(to.accounts().rights().isAdmin("admin-id"));
            assertTrue(to.accounts().rights().isDisabled("off-id"));
            assertTrue(to.invites().find("abcd2345").isPresent());
            assertEquals("bff", to.serviceTokens().find("0123456789abcdef").await().indefinitely().orElseThrow().name());
            assertEquals("write", to.members().find("shop", "member-id").await().indefinitely().orElseThrow().role());
            assertEquals(Map.of("shop", "public-read"), to.policies().all());
            assertTrue(to.webhookTargets().find("hook-1").isPresent());
            assertEquals(Map.of("hook-1", 1), to.deliveries().pending().await().indefinitely());
            assertArrayEquals("pem".getBytes(), to.keys().find("jwt/privateKey.pem").orElseThrow());
            // the kept session goes on rotating on postgres; its replaced token still ends it
            assertEquals(RefreshTokenStore.Outcome.ROTATED, to.refreshTokens().rotate("fam-kept", "h1", "h2", Instant.now(),
                    Instant.now().plusSeconds(3600)).outcome());
            assertTrue(to.refreshTokens().find("fam-expired").isEmpty(), "an expired session is left behind");

            StateImport.Report again = StateImport.run(files, to, Backends.JSON);
            assertEquals(new StateImport.Report(0, 0, 0, 0, 0, 0, 0, 0, 2, 0), again, "nothing copied twice");
            assertEquals(3, to.accounts().all().size());
            assertEquals(Map.of("hook-1", 1), to.deliveries().pending().await().indefinitely());
        }
        assertEquals(before, snapshot(files), "the directory is left as it was, for a rollback");
    }

    /** Every file of the directory and its content (the lease file aside: the import holds it while reading). */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals("imagepic.lease")) {
                    files.put(dir.relativize(p),
                            new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }
}
