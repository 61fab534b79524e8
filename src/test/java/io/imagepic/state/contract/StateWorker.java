package io.imagepic.state.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.imagepic.state.Backends;
import io.imagepic.state.postgres.PostgresState;
import io.imagepic.support.PostgresServer;
import io.imagepic.support.TestJvm;
import io.vertx.pgclient.PgConnectOptions;

/**
 * A replica in miniature, run as its own JVM by the contract suites: it works on the test's database through the
 * postgres backend, as a pod would, and exits 0 when done.
 *
 * <pre>
 * increment-limit URL KEY N     N read-modify-write increments of one limit record
 * bump-account URL PHONE N      N credential-version increments of one account
 * </pre>
 */
public final class StateWorker {

    public static void main(String[] args) {
        PgConnectOptions options = PgConnectOptions.fromUri(args[1]).setUser(PostgresServer.USER);
        PostgresState state = Backends.postgres(options, "worker-" + ProcessHandle.current().pid());
        int n = Integer.parseInt(args[3]);
        try {
            for (int i = 0; i < n; i++) {
                switch (args[0]) {
                    case "increment-limit" -> state.limits().update(args[2], LimitStoreContractTest::plusOne);
                    case "bump-account" -> state.accounts().update(args[2], u -> u.withNewCredentialVersion(Instant.now()));
                    default -> throw new IllegalArgumentException(args[0]);
                }
            }
        } finally {
            state.close();
        }
        System.exit(0); // the Vert.x threads would keep the JVM
    }

    /** Runs count workers at once on the database and waits for all of them to succeed. */
    static void run(String database, int count, String... args) throws Exception {
        List<Process> workers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                List<String> command = TestJvm.command(StateWorker.class, "-Xmx128m");
                command.addAll(List.of(args[0], PostgresServer.get().reactiveUrl(database)));
                command.addAll(List.of(args).subList(1, args.length));
                workers.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "state-workers.log").toFile()))
                        .start());
            }
            for (Process p : workers) {
                assertTrue(p.waitFor(180, TimeUnit.SECONDS), "a worker did not finish");
                assertEquals(0, p.exitValue(), "a worker failed");
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }
}
