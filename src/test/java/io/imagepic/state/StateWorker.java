package io.imagepic.state;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A replica in miniature, run as its own JVM by {@link MultiProcessStateTest}: it hammers one shared
 * directory through the state primitives, as several pods on one volume would.
 *
 * <pre>
 * increment DIR KEY N            N read-modify-write increments of one counter
 * claim DIR OWNER LEASE_MS OUT   claims items until none is left, one id per line in OUT for each claim
 * hold DIR OWNER LEASE_MS        claims every item, prints "held N", then waits to be killed
 * </pre>
 */
public final class StateWorker {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "increment" -> increment(dir, args[2], Integer.parseInt(args[3]));
            case "claim" -> claimAll(new ClaimSet(dir, args[2], Duration.ofMillis(Long.parseLong(args[3])),
                    Clock.systemUTC()), Path.of(args[4]));
            case "hold" -> hold(new ClaimSet(dir, args[2], Duration.ofMillis(Long.parseLong(args[3])), Clock.systemUTC()));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void increment(Path dir, String key, int times) {
        VersionedStore<String> store = new VersionedStore<>(dir, Codec.utf8(), Clock.systemUTC());
        for (int i = 0; i < times; i++) {
            store.update(key, v -> Optional.of(String.valueOf(v.map(Integer::parseInt).orElse(0) + 1)));
        }
        System.out.println("done");
    }

    /** Polls the set the way a replica's delivery loop does, until it is empty. */
    private static void claimAll(ClaimSet claims, Path out) throws Exception {
        CountDownLatch empty = new CountDownLatch(1);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try (BufferedWriter log = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            loop.scheduleWithFixedDelay(() -> {
                try {
                    if (claims.items().isEmpty()) {
                        empty.countDown();
                        return;
                    }
                    for (ClaimSet.Claim c : claims.claimAvailable(1)) {
                        log.write(c.id());
                        log.newLine();
                        log.flush();
                        claims.complete(c);
                    }
                } catch (IOException | RuntimeException e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
            empty.await();
        } finally {
            loop.shutdownNow();
        }
        System.out.println("done");
    }

    private static void hold(ClaimSet claims) throws IOException {
        List<ClaimSet.Claim> held = claims.claimAvailable(Integer.MAX_VALUE);
        System.out.println("held " + held.size());
        System.out.flush();
        System.in.read(); // until killed
    }
}
