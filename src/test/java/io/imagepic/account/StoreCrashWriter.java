package io.imagepic.account;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Run as a separate process by {@link UserStoreCrashTest}: registers users and changes their passwords as fast
 * as it can, printing an acknowledgement after each write returns, until killed.
 */
public class StoreCrashWriter {

    public static void main(String[] args) {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        UserStore store = new VersionedUserStore(Path.of(args[0]), json, Clock.systemUTC());
        String padding = "p".repeat(4000); // bigger documents: more time spent inside each write
        for (int i = 0;; i++) {
            String phone = "136" + String.format("%08d", i);
            Instant now = Instant.now();
            User user = new User("id-" + i, phone, padding, "tfs", "a@b.cn", "hash-" + i, 1, now, now);
            store.create(user);
            System.out.println("created " + phone);
            String newHash = "hash-" + i + "-v2";
            store.update(phone, u -> u.withPassword(newHash, Instant.now()));
            System.out.println("updated " + phone + " 2");
        }
    }
}
