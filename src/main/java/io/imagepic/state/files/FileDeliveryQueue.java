package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.ClaimLostException;
import io.imagepic.state.Delivery;
import io.imagepic.state.DeliveryQueue;
import io.imagepic.state.DeliveryStats;
import io.smallrye.mutiny.Uni;

/**
 * The delivery queue as {@code notifications/pending/<item>} (one file per delivery, written before
 * {@link #enqueue} completes) and counters as {@code notifications/stats/<target>/<version>}. Every target's
 * deliveries are kept in memory in order, with their counts, so queueing costs the same however many are pending,
 * and removing a target touches only its own. Claims are leases in memory: after a restart nothing is held (the
 * {@code @owner@expiry} names of the previous release's claims are taken back at start).
 *
 * <p>
 * All work runs on one thread of its own, so the calls are non-blocking for their callers and never interleave.
 */
final class FileDeliveryQueue implements DeliveryQueue, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileDeliveryQueue.class);

    /** A queued delivery and who holds it (owner null: nobody). */
    private static final class Item {
        Delivery delivery;
        String owner;
        long token;
        Instant leaseUntil;

        Item(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    private record Counted(long version, DeliveryStats stats) {
    }

    private final Path pendingDir;
    private final Path statsDir;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "imagepic-state-deliveries");
        t.setDaemon(true);
        return t;
    });
    /** Touched on the queue's thread only. */
    private final Map<String, TreeMap<String, Item>> byTarget = new HashMap<>();
    private final Map<String, Counted> stats = new HashMap<>();
    private int total;
    private long sequence;
    private long tokens;

    FileDeliveryQueue(Path notificationsDir, ObjectMapper json, Clock clock) throws IOException {
        this.pendingDir = notificationsDir.resolve("pending");
        this.statsDir = notificationsDir.resolve("stats");
        this.json = json;
        this.clock = clock;
        Files.createDirectories(pendingDir);
        Files.createDirectories(statsDir);
        Fs.removeTempFiles(pendingDir);
        Fs.removeTempFiles(statsDir);
        loadPending();
        loadStats();
    }

    @Override
    public Uni<List<Boolean>> enqueue(List<Delivery> deliveries, Limits limits) {
        return onThread(() -> {
            List<Boolean> queued = new ArrayList<>(deliveries.size());
            for (Delivery d : deliveries) {
                TreeMap<String, Item> items = byTarget.get(d.targetId());
                int pending = items == null ? 0 : items.size();
                if (pending >= limits.perTarget() || total >= limits.total()) {
                    count(d.targetId(), 0, 0, 1);
                    queued.add(false);
                    continue;
                }
                String id = d.targetId() + "." + String.format("%013d.%09d", d.created().toEpochMilli(), ++sequence) + "."
                        + d.eventId();
                Delivery stored = d.withId(id);
                if (!Fs.createExclusively(file(id), json.writeValueAsBytes(stored))) {
                    throw new IOException("delivery " + id + " exists already");
                }
                byTarget.computeIfAbsent(d.targetId(), t -> new TreeMap<>()).put(id, new Item(stored));
                total++;
                queued.add(true);
            }
            return queued;
        });
    }

    @Override
    public Uni<List<Claim>> claim(String owner, Duration lease, int max) {
        return onThread(() -> {
            Instant now = clock.instant();
            List<Claim> claims = new ArrayList<>();
            for (TreeMap<String, Item> items : byTarget.values()) {
                if (claims.size() >= max) {
                    break;
                }
                Item head = items.firstEntry().getValue();
                boolean held = head.owner != null && head.leaseUntil.isAfter(now);
                if (!held && !head.delivery.nextAttempt().isAfter(now)) {
                    head.owner = owner;
                    head.token = ++tokens;
                    head.leaseUntil = now.plus(lease);
                    claims.add(new Claim(head.delivery, owner, head.token, head.leaseUntil));
                }
            }
            return claims;
        });
    }

    @Override
    public Uni<Claim> renew(Claim claim, Duration lease) {
        return onThread(() -> {
            Item item = held(claim);
            Instant next = clock.instant().plus(lease);
            item.leaseUntil = next.isAfter(item.leaseUntil) ? next : item.leaseUntil.plusMillis(1);
            return new Claim(item.delivery, item.owner, item.token, item.leaseUntil);
        });
    }

    @Override
    public Uni<Void> complete(Claim claim, boolean delivered) {
        return onThread(() -> {
            Item item = held(claim);
            Fs.delete(file(item.delivery.id()));
            forget(item.delivery);
            count(item.delivery.targetId(), delivered ? 1 : 0, delivered ? 0 : 1, 0);
            return null;
        });
    }

    @Override
    public Uni<Void> retry(Claim claim, Instant next) {
        return onThread(() -> {
            Item item = held(claim);
            Delivery retried = item.delivery.failedAttempt(next);
            Fs.replace(file(retried.id()), json.writeValueAsBytes(retried));
            item.delivery = retried;
            item.owner = null;
            item.leaseUntil = null;
            return null;
        });
    }

    @Override
    public Uni<Void> release(Claim claim) {
        return onThread(() -> {
            Item item = held(claim);
            item.owner = null;
            item.leaseUntil = null;
            return null;
        });
    }

    @Override
    public Uni<Map<String, Integer>> pending() {
        return onThread(() -> {
            Map<String, Integer> counts = new HashMap<>();
            byTarget.forEach((target, items) -> counts.put(target, items.size()));
            return counts;
        });
    }

    @Override
    public Uni<DeliveryStats> stats(String targetId) {
        return onThread(() -> {
            Counted c = stats.get(targetId);
            return c == null ? DeliveryStats.NONE : c.stats();
        });
    }

    /** Every delivery pending, each target's in order (for the import into another backend). Blocking. */
    List<Delivery> all() {
        return run(() -> {
            List<Delivery> all = new ArrayList<>(total);
            byTarget.values().forEach(items -> items.values().forEach(i -> all.add(i.delivery)));
            return all;
        });
    }

    /** A removed target's deliveries and counters go with it (its own files only). Blocking. */
    void dropTarget(String targetId) {
        run(() -> {
            TreeMap<String, Item> items = byTarget.remove(targetId);
            if (items != null) {
                for (Item item : items.values()) {
                    Files.deleteIfExists(file(item.delivery.id()));
                }
                total -= items.size();
                Fs.syncDirectory(pendingDir);
            }
            if (stats.remove(targetId) != null) {
                Fs.deleteDirectory(statsDir.resolve(Names.encode(targetId)));
            }
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The item if this claim still holds it: same owner, same lease, not run out. */
    private Item held(Claim claim) {
        TreeMap<String, Item> items = byTarget.get(claim.delivery().targetId());
        Item item = items == null ? null : items.get(claim.delivery().id());
        if (item == null || !claim.owner().equals(item.owner) || claim.token() != item.token
                || !item.leaseUntil.isAfter(clock.instant())) {
            throw new ClaimLostException(claim.delivery().id());
        }
        return item;
    }

    private void forget(Delivery d) {
        TreeMap<String, Item> items = byTarget.get(d.targetId());
        if (items != null && items.remove(d.id()) != null) {
            total--;
            if (items.isEmpty()) {
                byTarget.remove(d.targetId());
            }
        }
    }

    private void count(String targetId, long delivered, long failed, long dropped) throws IOException {
        Counted c = stats.get(targetId);
        Path keyDir = statsDir.resolve(Names.encode(targetId));
        long version = c == null ? VersionFiles.highest(keyDir) + 1 : c.version() + 1;
        DeliveryStats next = (c == null ? DeliveryStats.NONE : c.stats()).plus(delivered, failed, dropped);
        VersionFiles.write(keyDir, version, json.writeValueAsBytes(next));
        stats.put(targetId, new Counted(version, next));
    }

    private void loadPending() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pendingDir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                int at = name.indexOf('@');
                String id = Names.decode(at < 0 ? name : name.substring(0, at));
                if (id == null) {
                    continue;
                }
                Path free = file(id);
                if (at >= 0) {
                    Fs.rename(p, free); // a claim of the previous run (or release): nobody holds it now
                }
                try {
                    Delivery d = json.readValue(Fs.read(free), Delivery.class).withId(id);
                    byTarget.computeIfAbsent(d.targetId(), t -> new TreeMap<>()).put(id, new Item(d));
                    total++;
                } catch (IOException e) {
                    LOG.errorf("skipping unreadable delivery %s: %s", free, e.getMessage());
                }
            }
        }
    }

    private void loadStats() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(statsDir, Files::isDirectory)) {
            for (Path keyDir : dirs) {
                String target = Names.decode(keyDir.getFileName().toString());
                var current = target == null ? null : VersionFiles.read(keyDir).orElse(null);
                if (current != null && !current.deleted()) {
                    stats.put(target, new Counted(current.version(), json.readValue(current.bytes(), DeliveryStats.class)));
                }
            }
        }
    }

    private Path file(String id) {
        return pendingDir.resolve(Names.encode(id));
    }

    private interface Work<T> {
        T call() throws Exception;
    }

    private <T> Uni<T> onThread(Work<T> work) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, thread));
    }

    private <T> T run(Work<T> work) {
        return onThread(work).await().atMost(Duration.ofSeconds(30));
    }
}
