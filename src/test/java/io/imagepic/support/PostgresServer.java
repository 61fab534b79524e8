package io.imagepic.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away PostgreSQL 15 (Debian's binaries) for the tests, started once per test JVM on first use and stopped by
 * a shutdown hook: {@code initdb} into {@code target/postgres/<id>}, trust authentication, TCP on 127.0.0.1 with a
 * free port and a socket directory of its own, durability off (a test cluster). Each user of it takes a database of
 * its own ({@link #newDatabase}), so nothing is shared between test classes but the server.
 *
 * <p>
 * {@code initdb} refuses to run as root: as root (CI), the cluster is created and run as the user
 * {@value #OS_USER} (Debian's package creates it) through {@code runuser}, in a directory it owns. When a parent
 * directory of {@code target/} is not traversable for that user, the data directory goes under {@code /tmp}
 * instead (logged).
 */
public final class PostgresServer {

    public static final String USER = "imagepic";
    static final String OS_USER = "postgres";
    private static final Path BIN = Path.of(System.getProperty("imagepic.postgres.bin", "/usr/lib/postgresql/15/bin"));
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer instance;

    private final Path dir;
    private final int port;
    private final boolean asRoot;

    private PostgresServer(Path dir, int port, boolean asRoot) {
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-stop"));
        }
        return instance;
    }

    public int port() {
        return port;
    }

    /** A new, empty database on the server; answers its name. */
    public String newDatabase() {
        String name = "imagepic_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The URL quarkus.datasource.reactive.url takes. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs SQL as the superuser (e.g. pg_terminate_backend). */
    public void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PostgresServer start() {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = dataRoot(asRoot).resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("data");
            Path sockets = dir.resolve("sockets");
            Files.createDirectories(sockets);
            if (asRoot) {
                run(List.of("chown", "-R", OS_USER, dir.toString()), false, dir);
            }
            run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync"), asRoot, dir);
            // Another JVM (src/test/verify.sh runs several) may take the free port before the server binds it: a
            // start that fails is tried again on another port.
            for (int attempt = 1;; attempt++) {
                int port = freePort();
                String options = "-p " + port + " -h 127.0.0.1 -k " + sockets
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
                try {
                    run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                            dir.resolve("postgres.log").toString(), "-o", options, "-w", "-t", "60", "start"), asRoot, dir);
                    return new PostgresServer(dir, port, asRoot);
                } catch (IllegalStateException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dir, e);
        }
    }

    private void stop() {
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"), asRoot, dir);
        } catch (RuntimeException e) {
            System.err.println("stopping the test PostgreSQL: " + e.getMessage());
        }
    }

    /** target/postgres, unless the postgres user could not reach it (as root: /tmp then). */
    private static Path dataRoot(boolean asRoot) {
        Path target = Path.of("target", "postgres").toAbsolutePath();
        if (!asRoot || traversableByOthers(target.getParent())) {
            return target;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "imagepic-test-postgres");
        System.err.println("test PostgreSQL: " + target + " is not reachable for user " + OS_USER + ", using " + tmp);
        return tmp;
    }

    private static boolean traversableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static void run(List<String> command, boolean asOsUser, Path dir) {
        List<String> full = new ArrayList<>();
        if (asOsUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            Path log = dir.resolve("commands.log");
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full).toLowerCase(Locale.ROOT).contains("initdb")
                        ? "initdb failed: " + Files.readString(log, StandardCharsets.UTF_8)
                        : String.join(" ", command) + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
