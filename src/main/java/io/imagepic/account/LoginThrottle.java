package io.imagepic.account;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts failed password checks per phone in a sliding window; past the limit the phone is locked
 * until the oldest failure ages out. In memory, per replica: a restart or another replica starts afresh.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final int MAX_TRACKED_PHONES = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    LoginThrottle(AuthConfig config) {
        this.maxFailures = config.login().maxFailures();
        this.window = config.login().window();
    }

    /** Seconds until the phone may try again, if it is locked out now. */
    public OptionalLong lockedFor(String phone) {
        Deque<Long> times = failures.get(phone);
        if (times == null) {
            return OptionalLong.empty();
        }
        synchronized (times) {
            long now = clock.millis();
            prune(times, now);
            if (times.size() < maxFailures) {
                return OptionalLong.empty();
            }
            long until = times.peekFirst() + window.toMillis();
            return OptionalLong.of(Math.max(1, (until - now + 999) / 1000));
        }
    }

    public void failed(String phone) {
        if (failures.size() >= MAX_TRACKED_PHONES) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), clock.millis());
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Long> times = failures.computeIfAbsent(phone, p -> new ArrayDeque<>());
        synchronized (times) {
            long now = clock.millis();
            prune(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    public void succeeded(String phone) {
        failures.remove(phone);
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.removeFirst();
        }
    }
}
