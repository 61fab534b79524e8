package io.imagepic.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.state.AtomicFiles;

/** Kills a writing process mid-way and checks the store still reads back every acknowledged write. */
class FileUserStoreCrashTest {

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

        FileUserStore reopened = new FileUserStore(dir, json);
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            User u = reopened.find(ack.getKey()).orElseThrow(() -> new AssertionError("lost " + ack.getKey()));
            assertTrue(u.credentialVersion() >= ack.getValue(), "lost the update of " + ack.getKey());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                assertTrue(name.startsWith("auth_") && name.endsWith(".json"), "left behind: " + name);
                json.readValue(f.toFile(), User.class); // whole documents only: parses
            }
        }
    }

    @Test
    void aCrashBetweenTempWriteAndRenameLeavesTheOldDocumentAndNoTempFile() throws Exception {
        FileUserStore store = new FileUserStore(dir, json);
        Instant now = Instant.now();
        User user = new User("id", "13600000001", "n", "t", "a@b.cn", "old-hash", 1, now, now);
        assertTrue(store.create(user));
        Path doc = dir.resolve("auth_13600000001.json");

        // the crash: the new version is in a temp file, synced, but the rename never happened
        Path temp = AtomicFiles.writeTemp(doc, json.writeValueAsBytes(user.withPassword("new-hash", now)));
        // and another writer died half-way through its temp file
        Path torn = AtomicFiles.writeTemp(dir.resolve("auth_13600000002.json"),
                "{\"id\":\"x\",\"pho".getBytes(StandardCharsets.UTF_8));
        // both crashed long ago...
        FileTime longAgo = FileTime.from(now.minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(temp, longAgo);
        Files.setLastModifiedTime(torn, longAgo);
        // ...while another replica sharing the volume is writing right now
        Path inFlight = AtomicFiles.writeTemp(dir.resolve("auth_13600000003.json"), "{".getBytes(StandardCharsets.UTF_8));

        FileUserStore restarted = new FileUserStore(dir, json);
        assertEquals("old-hash", restarted.find("13600000001").orElseThrow().passwordHash());
        assertTrue(restarted.find("13600000002").isEmpty());
        assertTrue(Files.notExists(temp) && Files.notExists(torn), "stale temp files removed at start");
        assertTrue(Files.exists(inFlight), "another replica's write in flight is left alone");
        Files.delete(inFlight);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(doc), files.toList());
        }
        assertTrue(restarted.create(new User("id2", "13600000002", "n", "t", "a@b.cn", "h", 1, now, now)));
        assertTrue(!restarted.create(new User("id3", "13600000002", "n", "t", "a@b.cn", "h", 1, now, now)), "exclusive");
    }
}
