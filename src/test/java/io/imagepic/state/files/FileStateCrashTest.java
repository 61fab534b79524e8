package io.imagepic.state.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;
import io.imagepic.support.TestJvm;

/**
 * The files backend on disk: a writer killed mid-way loses no acknowledged write, the directory serves one
 * instance at a time (in this process or another), crash leftovers are swept, and earlier releases' files are
 * taken over.
 */
class FileStateCrashTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKilledWriter() throws Exception {
        Process writer = start();
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

        try (FileState reopened = open()) { // the killed writer's lease went with it
            AccountStore accounts = reopened.accounts();
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                User u = accounts.find(ack.getKey()).orElseThrow(() -> new AssertionError("lost " + ack.getKey()));
                assertTrue(u.credentialVersion() >= ack.getValue(), "lost the update of " + ack.getKey());
            }
            assertTrue(accounts.all().size() >= 150);
            try (var temps = Files.walk(dir)) {
                assertEquals(0, temps.filter(p -> Fs.isTemp(p.getFileName().toString())).count(), "crash leftovers swept");
            }
        }
    }

    @Test
    void aSecondInstanceOnTheDirectoryRefusesToStartAndNamesPostgres() throws Exception {
        try (FileState first = open()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, this::open);
            assertTrue(refused.getMessage().contains("imagepic.state.backend=postgres"), refused.getMessage());
        }
        open().close(); // given up on close: the next one starts

        Process holder = start("hold");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("holding", out.readLine());
            IllegalStateException refused = assertThrows(IllegalStateException.class, this::open);
            assertTrue(refused.getMessage().contains("crash-writer"), "names the holder: " + refused.getMessage());
            holder.destroyForcibly(); // kill -9: the OS releases its lock, no waiting for the heartbeat
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }
        open().close();
    }

    @Test
    void thePreviousReleasesAccountsAreTakenOverAndLeftInPlace() throws Exception {
        Instant now = Instant.now();
        User old = new User("old-id", "13600000009", "n", "t", "a@b.cn", "old-hash", 4, now, now);
        Path file = dir.resolve("auth_13600000009.json");
        Files.write(file, JSON.writeValueAsBytes(old));

        try (FileState a = open()) {
            assertEquals(1, a.accounts().all().size());
            assertEquals("old-id", a.accounts().find("13600000009").orElseThrow().id());
            assertEquals(AccountStore.Registration.PHONE_TAKEN,
                    a.accounts().create(new User("new", "13600000009", "n", "t", "a@b.cn", "h", 1, now, now), null));
            a.accounts().update("13600000009", u -> u.withPassword("new-hash", now));
        }
        try (FileState b = open()) {
            assertEquals("new-hash", b.accounts().find("13600000009").orElseThrow().passwordHash(), "taken over once");
            assertEquals(5, b.accounts().find("13600000009").orElseThrow().credentialVersion());
        }
        assertEquals(old, JSON.readValue(file.toFile(), User.class), "the old file is left for a rollback");
        assertFalse(Files.exists(dir.resolve("users").resolve("13600000009").resolve(".x.tmp")));
    }

    private FileState open() {
        return new FileState(dir, "test", JSON, Clock.systemUTC());
    }

    private Process start(String... more) throws Exception {
        List<String> command = TestJvm.command(FileCrashWriter.class);
        command.add(dir.toString());
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }
}
