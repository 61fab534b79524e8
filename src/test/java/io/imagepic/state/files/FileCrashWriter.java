package io.imagepic.state.files;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.imagepic.state.AccountStore;
import io.imagepic.state.User;

/**
 * Run as a separate process by {@link FileStateCrashTest}: registers accounts and changes their passwords as fast as
 * it can, printing an acknowledgement after each write returns, until killed. With {@code hold} it only opens the
 * directory (taking its lease), says {@code holding}, and waits to be killed.
 */
public class FileCrashWriter {

    public static void main(String[] args) throws Exception {
        FileState state = new FileState(Path.of(args[0]), "crash-writer", FileStateCrashTest.JSON, Clock.systemUTC());
        if (args.length > 1 && args[1].equals("hold")) {
            System.out.println("holding");
            Thread.sleep(Long.MAX_VALUE); // a process that keeps the lease until it is killed (not a test's wait)
        }
        AccountStore store = state.accounts();
        String padding = "p".repeat(4000); // bigger documents: more time spent inside each write
        for (int i = 0;; i++) {
            String phone = "136" + String.format("%08d", i);
            Instant now = Instant.now();
            store.create(new User("id-" + i, phone, padding, "tfs", "a@b.cn", "hash-" + i, 1, now, now), null);
            System.out.println("created " + phone);
            String newHash = "hash-" + i + "-v2";
            store.update(phone, u -> u.withPassword(newHash, Instant.now()));
            System.out.println("updated " + phone + " 2");
        }
    }
}
