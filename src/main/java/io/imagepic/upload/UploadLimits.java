package io.imagepic.upload;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Uploads running per caller on this replica. A cap per replica, on purpose: what it protects (memory,
 * connections, event-loop time) is the replica's.
 */
@ApplicationScoped
public class UploadLimits {

    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /** Counts an upload of this caller in; false when it runs {@code max} already. */
    public boolean tryEnter(String caller, int max) {
        boolean[] entered = { false };
        running.compute(caller, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return now;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    public void leave(String caller) {
        running.computeIfPresent(caller, (c, n) -> n <= 1 ? null : n - 1);
    }

    int running(String caller) {
        return running.getOrDefault(caller, 0);
    }
}
