package io.imagepic.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.imagepic.s3.EmbeddedS3Server;

/**
 * The servers every test of one JVM shares, each started at its first use and stopped when the JVM exits: one
 * S3Proxy for all the Quarkus applications a run starts (one per test profile), the plain tests that talk to S3 and
 * the packaged instances. Starting S3Proxy costs seconds; starting it once instead of once per application is most
 * of what a profile used to cost beyond the application itself.
 *
 * <p>
 * Quarkus loads the test classes anew for every application it starts, so a static field of a test class exists
 * once per application, not once per JVM. What must exist once per JVM (a server's port, process and data
 * directory) is therefore kept in system properties under {@code imagepic.test.<server>.}, and only JDK types
 * cross that line. A further server (PostgreSQL) goes beside {@link #s3()} the same way: a handle that reads its
 * facts from {@link #fact}, started under {@link #LOCK} once per JVM, and {@link #stopAtExit} for its process.
 *
 * <p>
 * Buckets outlive the application that made them: a test names its buckets so that no other test class uses the
 * same name (or tolerates what others put there).
 */
public final class TestServers {

    /**
     * One monitor for the whole JVM: a string literal is the same object in every class loader (interned), unlike
     * a lock object held in a static field of this class.
     */
    static final Object LOCK = "io.imagepic.support.TestServers.LOCK";
    private static final String PREFIX = "imagepic.test.";

    private TestServers() {
    }

    /** The JVM's S3 server, started at the first call, and again if a test left it stopped. */
    public static S3 s3() {
        synchronized (LOCK) {
            if (fact("s3", "port") == null) {
                try {
                    Path dir = Files.createTempDirectory("imagepic-s3");
                    // C1 alone and one GC thread (TestJvm): C2 compiling S3Proxy's code cost more CPU than the tests' requests
                    EmbeddedS3Server server = new EmbeddedS3Server(S3.jar(), dir.resolve("objects"), S3.ACCESS_KEY,
                            S3.SECRET_KEY, 0, TestJvm.options("-Xmx512m")).start();
                    fact("s3", "dir", dir.toString());
                    fact("s3", "port", String.valueOf(server.port()));
                    fact("s3", "pid", String.valueOf(server.pid()));
                    stopAtExit("s3");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            S3 s3 = new S3();
            s3.start();
            return s3;
        }
    }

    /** A JVM-wide fact about a server, or null. */
    static String fact(String server, String name) {
        return System.getProperty(PREFIX + server + "." + name);
    }

    static void fact(String server, String name, String value) {
        System.setProperty(PREFIX + server + "." + name, value);
    }

    /**
     * At the JVM's exit: ends the server's process (its {@code pid} fact, read then: a test may have restarted it)
     * and deletes its {@code dir}.
     */
    static void stopAtExit(String server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            end(fact(server, "pid"));
            String dir = fact(server, "dir");
            if (dir != null) {
                deleteTree(Path.of(dir));
            }
        }, "imagepic-test-" + server + "-stop"));
    }

    /** SIGTERM, then SIGKILL after 10 s; nothing when the process is gone. */
    static void end(String pid) {
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary directory fails nothing
        }
    }

    /**
     * The JVM's S3Proxy, as tests see it: where it listens, and stop/start for tests that watch the service cope
     * with an outage (inject it with {@link InjectS3Proxy}). Such a test restarts it in a {@code finally}; the next
     * application start restarts it anyway. It keeps its port and data across a restart.
     */
    public static final class S3 {

        public static final String ACCESS_KEY = "test-access";
        public static final String SECRET_KEY = "test-secret-key";
        public static final String REGION = "us-east-1";

        private S3() {
        }

        static Path jar() {
            return Path.of(System.getProperty("imagepic.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        }

        public int port() {
            return Integer.parseInt(fact("s3", "port"));
        }

        public String endpoint() {
            return "http://127.0.0.1:" + port();
        }

        /** The directory S3Proxy keeps its buckets in (one directory per bucket). */
        public Path objects() {
            return Path.of(fact("s3", "dir")).resolve("objects");
        }

        public boolean isRunning() {
            String pid = fact("s3", "pid");
            return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        }

        /**
         * Kills it (SIGKILL: an outage begins at once, as when a server dies; a graceful stop takes seconds on a busy
         * machine, longer than the tests' idle timeouts) and waits until it is gone.
         */
        public void stop() {
            synchronized (LOCK) {
                String pid = fact("s3", "pid");
                if (pid != null) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().join();
                    });
                }
                System.clearProperty(PREFIX + "s3.pid");
            }
        }

        /** Starts it again on the same port and data, and waits until it accepts connections; nothing if running. */
        public void start() {
            synchronized (LOCK) {
                if (!isRunning()) {
                    EmbeddedS3Server server = new EmbeddedS3Server(jar(), objects(), ACCESS_KEY, SECRET_KEY, port()).start();
                    fact("s3", "pid", String.valueOf(server.pid()));
                }
            }
        }

        /** A MinIO client for fixtures (buckets, objects put straight into S3, bypassing the service). */
        public io.minio.MinioClient client() {
            return io.minio.MinioClient.builder().endpoint(endpoint()).credentials(ACCESS_KEY, SECRET_KEY).region(REGION)
                    .build();
        }

        @Override
        public String toString() {
            return "S3Proxy@" + endpoint();
        }
    }
}
