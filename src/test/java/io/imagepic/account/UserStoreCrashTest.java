package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The account store on the shared volume: a writer killed mid-way loses no acknowledged write, two replicas
 * never lose each other's changes, and the previous release's files are taken over.
 */
class UserStoreCrashTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesAKilledWriter() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreCrashWriter.class.getName(), dir.toString()).redirectErrorStream(true).start();
        Map<String, Long> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 150 && (line = out.readLine()) != null) {
                String[] p = line.split(" ");
                if (p[0].equals("created")) {
                    acknowledged.put(p[1], 1L);
                } else if (p[0].equals("updated")) {
                    acknowledged.put(p[1], Long.parseLong(p[2]));
                } else {
                    throw new AssertionError("writer: " + line);
                }
            }
            writer.destroyForcibly(); // SIGKILL, in the middle of the next write
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(150, acknowledged.size());

        UserStore reopened = new VersionedUserStore(dir, json, Clock.systemUTC());
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            User u = reopened.find(ack.getKey()).orElseThrow(() -> new AssertionError("lost " + ack.getKey()));
            assertTrue(u.credentialVersion() >= ack.getValue(), "lost the update of " + ack.getKey());
        }
        assertTrue(reopened.all().size() >= 150);
    }

    @Test
    void twoReplicasNeverLoseEachOthersChanges() {
        UserStore a = new VersionedUserStore(dir, json, Clock.systemUTC());
        UserStore b = new VersionedUserStore(dir, json, Clock.systemUTC());
        Instant now = Instant.now();
        User user = new User("id", "13600000001", "n", "t", "a@b.cn", "hash-1", 1, now, now);
        assertTrue(a.create(user));
        assertFalse(b.create(new User("id2", "13600000001", "n", "t", "a@b.cn", "other", 1, now, now)), "exclusive");

        // b changes the password from what it read; a bumps the credential version from what IT read
        b.update("13600000001", u -> u.withPassword("hash-2", now));
        a.update("13600000001", u -> u.withNewCredentialVersion(now));
        User both = a.find("13600000001").orElseThrow();
        assertEquals("hash-2", both.passwordHash(), "the password change survived");
        assertEquals(3, both.credentialVersion(), "both changes counted");
        assertEquals(both, b.find("13600000001").orElseThrow());
    }

    @Test
    void thePreviousReleasesAccountsAreTakenOver() throws Exception {
        Instant now = Instant.now();
        User old = new User("old-id", "13600000009", "n", "t", "a@b.cn", "old-hash", 4, now, now);
        Path file = dir.resolve("auth_13600000009.json");
        Files.write(file, json.writeValueAsBytes(old));

        UserStore a = new VersionedUserStore(dir, json, Clock.systemUTC());
        UserStore b = new VersionedUserStore(dir, json, Clock.systemUTC());
        assertEquals(1, a.all().size());
        assertEquals("old-id", a.find("13600000009").orElseThrow().id());
        assertEquals(4, b.find("13600000009").orElseThrow().credentialVersion());
        assertFalse(b.create(new User("new", "13600000009", "n", "t", "a@b.cn", "h", 1, now, now)), "still registered");

        a.update("13600000009", u -> u.withPassword("new-hash", now));
        assertEquals("new-hash", b.find("13600000009").orElseThrow().passwordHash(), "taken over once, then shared");
        assertEquals(old, json.readValue(file.toFile(), User.class), "the old file is left for a rollback");
    }
}
