package io.imagepic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs on one directory, as replicas on one volume: the guarantees hold between processes, not just
 * between threads (no shared locks, no shared memory).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MultiProcessStateTest {

    @TempDir
    Path dir;

    private final List<Process> workers = new ArrayList<>();
    private final List<Process> finishing = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        workers.forEach(Process::destroyForcibly);
    }

    @Test
    void noIncrementIsLostBetweenThreeProcesses() throws Exception {
        Path store = dir.resolve("counters");
        for (int i = 0; i < 3; i++) {
            start("increment", store.toString(), "attempts:13800138000", "200");
        }
        awaitAll();

        VersionedStore<String> counters = new VersionedStore<>(store, Codec.utf8(), Clock.systemUTC());
        assertEquals(Optional.of("600"), counters.get("attempts:13800138000"));
    }

    @Test
    void everyItemIsClaimedByExactlyOneOfThreeProcesses() throws Exception {
        Path set = dir.resolve("pending");
        ClaimSet claims = new ClaimSet(set, "test", Duration.ofSeconds(30), Clock.systemUTC());
        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            String id = String.format("d%04d", i);
            claims.add(id, id.getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path log = dir.resolve("w" + i + ".log");
            logs.add(log);
            start("claim", set.toString(), "w" + i, "30000", log.toString());
        }
        awaitAll();

        Map<String, Integer> times = new HashMap<>();
        int busy = 0;
        for (Path log : logs) {
            List<String> claimed = Files.readAllLines(log);
            busy += claimed.isEmpty() ? 0 : 1;
            claimed.forEach(id -> times.merge(id, 1, Integer::sum));
        }
        assertEquals(ids, new TreeSet<>(times.keySet()), "every item claimed");
        assertTrue(times.values().stream().allMatch(n -> n == 1), "no item claimed twice: " + times);
        assertTrue(busy >= 2, "the processes competed");
        assertEquals(List.of(), claims.items());
    }

    @Test
    void theClaimsOfAKilledProcessAreTakenOverAfterTheirLease() throws Exception {
        Path set = dir.resolve("pending");
        ClaimSet claims = new ClaimSet(set, "test", Duration.ofSeconds(30), Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            claims.add("d" + i, new byte[] { 1 });
        }
        Process holder = spawn(ProcessBuilder.Redirect.PIPE, "hold", set.toString(), "dying", "1500");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("held 20", out.readLine());
        }
        holder.destroyForcibly().waitFor(); // kill -9: no chance to release anything
        assertTrue(claims.items().stream().allMatch(it -> "dying".equals(it.owner())));

        Path log = dir.resolve("taker.log");
        start("claim", set.toString(), "taker", "30000", log.toString());
        awaitAll();

        assertEquals(20, new TreeSet<>(Files.readAllLines(log)).size());
        assertEquals(20, Files.readAllLines(log).size());
        assertEquals(List.of(), claims.items());
    }

    /** A worker that must finish on its own and succeed. */
    private void start(String... args) throws Exception {
        finishing.add(spawn(ProcessBuilder.Redirect.DISCARD, args));
    }

    private Process spawn(ProcessBuilder.Redirect out, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StateWorker.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        workers.add(p);
        return p;
    }

    private void awaitAll() throws Exception {
        for (Process p : finishing) {
            assertTrue(p.waitFor(150, TimeUnit.SECONDS), "worker did not finish");
            assertEquals(0, p.exitValue(), "worker failed");
        }
    }
}
