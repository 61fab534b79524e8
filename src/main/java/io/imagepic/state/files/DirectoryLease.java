package io.imagepic.state.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The files backend's exclusive lease on its state directory: the file store serves exactly one replica, because it
 * keeps the directory's contents in memory as the truth. {@code imagepic.lease} holds an OS lock (released by the
 * kernel when the process dies, even by kill -9) and names its owner with a heartbeat renewed every
 * {@link #HEARTBEAT}. A second instance is refused: the lock is held, or (where locks do not reach, e.g. some NFS
 * mounts) another host's heartbeat is fresh.
 */
final class DirectoryLease implements AutoCloseable {

    static final String FILE = "imagepic.lease";
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(3);
    private static final Logger LOG = Logger.getLogger(DirectoryLease.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String owner;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;

    private DirectoryLease(Path file, FileChannel channel, FileLock lock, String owner, Clock clock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.owner = owner;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagepic-state-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the lease, or fails with a message that says how to run several replicas. */
    static DirectoryLease acquire(Path dir, String owner, Clock clock) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (another application instance in it)
            }
            Properties holder = read(channel);
            if (lock == null) {
                channel.close();
                throw refused(dir, holder, "it is locked");
            }
            if (heldElsewhere(holder, clock)) {
                lock.release();
                channel.close();
                throw refused(dir, holder, "its heartbeat is fresh");
            }
            DirectoryLease lease = new DirectoryLease(file, channel, lock, owner, clock);
            lease.beat();
            lease.heartbeat.scheduleWithFixedDelay(lease::beatQuietly, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                    TimeUnit.MILLISECONDS);
            return lease;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease on " + dir, e);
        }
    }

    /** Gives the lease up (graceful stop): the next instance need not wait for the heartbeat to age. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            write("released", clock.instant());
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debugf("releasing the lease on %s: %s", file, e);
        }
    }

    private void beat() throws IOException {
        write("held", clock.instant());
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (IOException e) {
            LOG.warnf("cannot renew the heartbeat of %s: %s", file, e.toString());
        }
    }

    private void write(String state, Instant at) throws IOException {
        String text = "owner=" + owner + "\nhost=" + host() + "\npid=" + ProcessHandle.current().pid() + "\nstate=" + state
                + "\nheartbeat=" + at + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    private static Properties read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buf, 0);
        Properties p = new Properties();
        p.load(new java.io.StringReader(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)));
        return p;
    }

    /** Another host holds it and its heartbeat is fresh: its lock did not reach us (a network file system). */
    private static boolean heldElsewhere(Properties holder, Clock clock) {
        if (!"held".equals(holder.getProperty("state")) || host().equals(holder.getProperty("host"))) {
            return false; // released, or this host's: the OS lock decided (a dead process holds none)
        }
        try {
            Instant beat = Instant.parse(holder.getProperty("heartbeat", ""));
            return beat.plus(STALE_AFTER).isAfter(clock.instant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static IllegalStateException refused(Path dir, Properties holder, String why) {
        return new IllegalStateException("the state directory " + dir.toAbsolutePath() + " is in use by another instance ("
                + holder.getProperty("owner", "unknown") + " on " + holder.getProperty("host", "unknown host")
                + ", heartbeat " + holder.getProperty("heartbeat", "unknown") + "; " + why + "). The file store "
                + "serves exactly one replica: give each instance its own directory, or run several replicas with "
                + "imagepic.state.backend=postgres");
    }

    private static String host() {
        return HOST;
    }

    private static final String HOST = findHost();

    private static String findHost() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        return h;
    }
}
